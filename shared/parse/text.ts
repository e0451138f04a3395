// Text clean-up shared by every parser and by the zod schemas (shared/api/schemas.ts re-exports
// cleanText/cleanName from here). Pure: no Node, no DOM.

/** Zero-width characters and the BOM, pasted from web pages and chat apps. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
/** A zero-width character anywhere, or blank space at either end: cleanName has work to do. */
const NEEDS_CLEANING = /[\u200B-\u200D\u2060\uFEFF]|^[\s\u3000]|[\s\u3000]$/;

/** Full-width ASCII (Ｔ０１，（ ）．) → half-width, ideographic space → space. Nothing else changes. */
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
export function toHalfWidth(s: string): string {
  // Most cells have nothing to fold: test before building new strings (100,000-row imports).
  if (!FULL_WIDTH.test(s)) return s;
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * For codes and other machine values: trims, folds full-width ASCII (common in pasted sheets),
 * drops zero-width characters (pasted from web pages/chat) and turns blanks into undefined.
 */
export function cleanText(v: unknown): unknown {
  const t = cleanName(v);
  return typeof t === 'string' ? toHalfWidth(t) : t;
}

/**
 * For names and free text: like cleanText but keeps full-width punctuation as typed —
 * 「东村卫生室（二）」 must stay a Chinese name, not become 「东村卫生室(二)」.
 */
export function cleanName(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return v;
  if (v !== '' && !NEEDS_CLEANING.test(v)) return v;
  const t = v.replace(ZERO_WIDTH, '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return t === '' ? undefined : t;
}

/**
 * A free-text value made comparable: cleanText (trim, full-width → half-width, zero-width
 * characters dropped) plus every run of whitespace inside collapsed to one space.
 * Blank, null and undefined give ''. Case and Chinese characters are kept.
 */
export function normaliseText(v: unknown): string {
  const t = cleanText(v);
  return typeof t === 'string' ? t.replace(/\s+/g, ' ') : '';
}

/**
 * The text of a number-like cell ready for a parser: cleanText plus the characters Chinese
 * input methods produce instead of ASCII — ￥ → ¥, 。 → . (IME full stop), − – — → -.
 * Inner whitespace is kept (the parsers decide what it means). Blank gives ''.
 */
export function numericText(v: string): string {
  const t = cleanText(v);
  if (typeof t !== 'string') return '';
  return t
    .replace(/\uFFE5/g, '¥')
    .replace(/\u3002/g, '.')
    .replace(/[\u2212\u2012\u2013\u2014\u2015]/g, '-');
}

/** The original input as shown back in a message: trimmed, at most 40 characters. */
export function shown(v: unknown): string {
  let s: string;
  if (v instanceof Date) s = Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  else s = String(v).replace(ZERO_WIDTH, '').trim();
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
