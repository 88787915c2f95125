/** Joins an app path to a base URL, keeping the base's path (an app served under /something). */
export function joinUnder(base: string, path: string): string {
  return new URL(path.replace(/^\/+/, ""), base.endsWith("/") ? base : `${base}/`).toString();
}
