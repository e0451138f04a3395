// Pure helpers of the count scope form (no DOM, no React).

/** `A, B，C` / `A、B` / one per line → trimmed distinct entries. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，;；、\n]/).map((s) => s.trim()).filter(Boolean))];
}
