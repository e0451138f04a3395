// Quick-filter text that also matches pinyin: 乡镇卫生院 → "乡镇卫生院 xiangzhenweishengyuan xzwsy".
// Two caches: per distinct string (names and types repeat a lot) and per row (id + version), so
// a row's search text is computed once and recomputed only after the row changes.
// pinyin-pro (~300 kB with its dictionary) is loaded on first use, off the start-up path.
import type { pinyin as PinyinFn } from 'pinyin-pro';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const byText = new Map<string, string>();

let pinyin: typeof PinyinFn | null = null;
let loading: Promise<void> | null = null;

/** Load the pinyin dictionary (once). Search texts made before it arrives are not cached. */
export function loadPinyin(): Promise<void> {
  loading ??= import('pinyin-pro').then((m) => {
    pinyin = m.pinyin;
  });
  return loading;
}

export function pinyinReady(): boolean {
  return pinyin !== null;
}

/** `text full initials` for text containing Chinese characters; the text itself otherwise. */
export function pinyinSearchText(text: string): string {
  if (!HAN.test(text)) return text.toLowerCase();
  if (!pinyin) return text;
  let out = byText.get(text);
  if (out === undefined) {
    const full = pinyin(text, { toneType: 'none', type: 'array', v: true }).join('');
    const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
    out = `${text} ${full} ${initials}`.toLowerCase();
    if (byText.size > 200_000) byText.clear();
    byText.set(text, out);
  }
  return out;
}

export interface SearchableRow {
  id: string;
  version?: number;
}

/**
 * Per-grid cache of each row's whole quick-filter text: every column's displayed text, plus
 * pinyin for the columns that ask for it. `texts` gives `[text, withPinyin]` pairs for a row.
 * The grid's own quick filter then only reads one cached string per row.
 */
export class PinyinIndex<R extends SearchableRow> {
  private readonly rows = new Map<string, { version: number | undefined; text: string }>();
  // The same entry also rides on the row object itself: the quick filter asks for every row's text
  // on every keystroke, and a property read is several times cheaper than a Map lookup by id
  // (100,000 rows). Each index has its own symbol; a changed row comes as a new object or version.
  private readonly own = Symbol('search text');
  private warmToken = 0;

  constructor(private readonly texts: (row: R) => [string, boolean][]) {}

  get(row: R): string {
    const mine = (row as unknown as Record<symbol, { version: number | undefined; text: string } | undefined>)[this.own];
    if (mine && mine.version === row.version) return mine.text;
    const hit = this.rows.get(row.id);
    if (hit && hit.version === row.version) return hit.text;
    const parts: string[] = [];
    for (const [v, withPinyin] of this.texts(row)) {
      if (v) parts.push(withPinyin ? pinyinSearchText(v) : v.toLowerCase());
    }
    const text = parts.join(' ');
    if (pinyin) {
      const entry = { version: row.version, text };
      this.rows.set(row.id, entry);
      if (Object.isExtensible(row)) (row as unknown as Record<symbol, unknown>)[this.own] = entry;
    }
    return text;
  }

  /**
   * Precompute in slices of at most `sliceMs` so the UI never stalls (10,000 names take
   * ~150 ms in total). Later calls cancel an unfinished warm-up.
   */
  warm(rows: readonly R[], sliceMs = 12): Promise<boolean> {
    const token = ++this.warmToken;
    let i = 0;
    return new Promise((resolve) => {
      if (!pinyin) {
        loadPinyin().then(
          () => resolve(token === this.warmToken ? this.warm(rows, sliceMs) : false),
          () => resolve(false),
        );
        return;
      }
      const step = () => {
        if (token !== this.warmToken) return resolve(false);
        const end = performance.now() + sliceMs;
        while (i < rows.length && performance.now() < end) {
          for (let k = 0; k < 50 && i < rows.length; k++, i++) this.get(rows[i]!);
        }
        if (i < rows.length) setTimeout(step, 0);
        else resolve(true);
      };
      setTimeout(step, 0);
    });
  }

  /** Drop a row's cached text (its content changed without a new version). */
  forget(row: R): void {
    this.rows.delete(row.id);
    delete (row as unknown as Record<symbol, unknown>)[this.own];
  }
}
