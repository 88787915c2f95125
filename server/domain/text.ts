/** Small text helpers shared by the pure rules (scoring, quality checks, the reasons they give). */

/** A rate as the product writes it: 0.1234 -> "12.3 %". */
export function percent(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/** Lower-case word tokens (letters and digits); "Co-Founder & CEO" -> ["co", "founder", "ceo"]. */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** True when `phrase` occurs in `text` as whole words ("director" is not in "cto"; "coo" is not in "coordinator"). */
export function wholeWordIncludes(text: string, phrase: string): boolean {
  const t = words(text);
  const p = words(phrase);
  if (p.length === 0 || p.length > t.length) return false;
  for (let i = 0; i + p.length <= t.length; i++) {
    if (p.every((w, j) => t[i + j] === w)) return true;
  }
  return false;
}

/** The domain part of an e-mail address, lower-cased, or null. */
export function domainOf(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(at + 1).trim().toLowerCase() || null : null;
}

/** Host of a URL or bare domain without "www.", lower-cased, or null. */
export function hostOf(urlOrDomain: string | null | undefined): string | null {
  if (!urlOrDomain) return null;
  const raw = urlOrDomain.trim();
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
    return u.hostname.toLowerCase().replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}
