/**
 * A same-site path to return to after sign-in, or null. Only a path on this site: not "//host",
 * not "/\host" (browsers read a backslash as a slash, so that is another host too), nothing with a
 * scheme or control characters. Checked by parsing, the way the browser will.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.length > 2000) return null;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, "https://this.site");
  } catch {
    return null;
  }
  return url.origin === "https://this.site" ? `${url.pathname}${url.search}${url.hash}` : null;
}
