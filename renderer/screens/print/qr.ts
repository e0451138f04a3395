// QR codes for asset labels, drawn as one SVG path (crisp at any print resolution, no canvas, no
// data: URL). The payload is the asset number exactly as stored — what the count scanner (#4)
// looks up — with error correction M (15 %: survives a scuffed label).
import QRCode from 'qrcode';

export interface QrShape {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Side of the SVG viewBox: size + 2 × quiet zone. */
  box: number;
  /** SVG path data of the dark modules, one `M x y h1 v1 h-1 z` run per horizontal stretch. */
  path: string;
}

/** The quiet zone the standard asks for (4 modules). */
export const QUIET_ZONE = 4;

/** Dark modules of the symbol for `text`, row by row (true = dark). */
export function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const out: boolean[][] = [];
  for (let r = 0; r < modules.size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < modules.size; c++) row.push(modules.get(r, c) === 1);
    out.push(row);
  }
  return out;
}

export function qrShape(text: string): QrShape {
  const m = qrModules(text);
  const size = m.length;
  let path = '';
  for (let r = 0; r < size; r++) {
    const row = m[r]!;
    for (let c = 0; c < size; ) {
      if (!row[c]) {
        c++;
        continue;
      }
      let end = c;
      while (end < size && row[end]) end++;
      path += `M${c + QUIET_ZONE} ${r + QUIET_ZONE}h${end - c}v1h-${end - c}z`;
      c = end;
    }
  }
  return { size, box: size + 2 * QUIET_ZONE, path };
}
