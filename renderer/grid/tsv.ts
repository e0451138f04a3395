// Clipboard text from Excel / WPS / LibreOffice / Google Sheets: tab-separated cells, CRLF rows,
// cells with a tab, line break or quote wrapped in double quotes (quotes doubled inside), and
// usually one trailing line break. Pure, so it is unit-tested.

export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  const endRow = () => {
    rows.push(row);
    row = [];
  };
  while (i <= n) {
    if (i === n) {
      // end of input: close the last cell unless the text ended with a line break
      if (row.length > 0 || (n > 0 && text[n - 1] !== '\n' && text[n - 1] !== '\r')) {
        row.push('');
        endRow();
      }
      break;
    }
    // one cell starting at i
    let cell: string | null = null;
    let next = i;
    if (text[i] === '"') {
      // quoted cell: valid only if the closing quote is followed by a separator or the end
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        const c = text[j]!;
        if (c === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += c;
        j += 1;
      }
      const after = text[j];
      if (closed && (j === n || after === '\t' || after === '\n' || after === '\r')) {
        cell = value;
        next = j;
      }
    }
    if (cell === null) {
      // unquoted (or a quote that does not wrap the whole cell, e.g. 5" screen): take it literally
      let j = i;
      while (j < n && text[j] !== '\t' && text[j] !== '\n' && text[j] !== '\r') j += 1;
      cell = text.slice(i, j);
      next = j;
    }
    row.push(cell);
    i = next;
    if (i >= n) {
      endRow();
      break;
    }
    const sep = text[i];
    if (sep === '\t') {
      i += 1;
      if (i === n) {
        // trailing tab: one more empty cell
        row.push('');
        endRow();
        break;
      }
      continue;
    }
    // line break: \r\n, \n or \r
    i += sep === '\r' && text[i + 1] === '\n' ? 2 : 1;
    endRow();
    if (i === n) break; // trailing line break: no extra empty row
  }
  return rows;
}

/** Serialise cells the way Excel does (for copying out of our grid, and for tests). */
export function toTsv(rows: readonly (readonly string[])[]): string {
  const quote = (s: string) => (/[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(quote).join('\t')).join('\r\n') + '\r\n';
}
