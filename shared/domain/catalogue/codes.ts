// Class codes: normalisation, scheme detection, structural level and parent.

import type { ClassScheme } from './types';

const GB2022 = /^A\d{8}$/;
const GB2010 = /^\d{7}$/;

/**
 * Canonical form of a code typed or pasted by a user: full-width characters folded (NFKC), spaces and
 * zero-width characters removed, letters upper-cased. 'ａ02 01 01 05' → 'A02010105'.
 */
const normalised = new Map<string, string>();
export function normaliseClassCode(text: string): string {
  // A register repeats a few hundred codes 100,000 times: remember them (bounded).
  const key = String(text);
  let code = normalised.get(key);
  if (code === undefined) {
    code = key
      .normalize('NFKC')
      .replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, '')
      .toUpperCase();
    if (normalised.size < 50_000) normalised.set(key, code);
  }
  return code;
}

/** The scheme of a normalised code, or undefined when it fits neither. */
export function schemeOf(code: string): ClassScheme | undefined {
  if (GB2022.test(code)) return 'GB2022';
  if (GB2010.test(code)) return 'GB2010';
  return undefined;
}

/** The 2-digit groups below level 1 (GB2022: 4 groups after 'A'; GB2010: 1 digit then 3 groups). */
function groups(code: string, scheme: ClassScheme): [string, string[]] {
  return scheme === 'GB2022'
    ? [code.slice(0, 3), [code.slice(3, 5), code.slice(5, 7), code.slice(7, 9)]]
    : [code.slice(0, 1), [code.slice(1, 3), code.slice(3, 5), code.slice(5, 7)]];
}

/** Level 1–4 from the code's shape (trailing '00' groups are empty levels); undefined for a malformed code. */
export function structuralLevel(code: string): number | undefined {
  const scheme = schemeOf(code);
  if (!scheme) return undefined;
  const [, g] = groups(code, scheme);
  let level = 1;
  for (let i = 0; i < g.length; i++) if (g[i] !== '00') level = i + 2;
  return level;
}

/** The code of the level above from the code's shape ('A02010105' → 'A02010100'); null at level 1. */
export function structuralParent(code: string): string | null | undefined {
  const scheme = schemeOf(code);
  if (!scheme) return undefined;
  const [head, g] = groups(code, scheme);
  let last = -1;
  for (let i = 0; i < g.length; i++) if (g[i] !== '00') last = i;
  if (last < 0) return null;
  return head + g.map((x, i) => (i < last ? x : '00')).join('');
}
