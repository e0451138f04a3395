/** Timestamps stored as ISO-8601 UTC text; business dates are YYYY-MM-DD. */
export function nowIso(): string {
  return new Date().toISOString();
}
