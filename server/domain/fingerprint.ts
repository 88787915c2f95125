/**
 * Text fingerprints for rejection memory: a MinHash signature over word 3-shingles of the
 * normalised text. Two drafts that differ by a few words (a changed greeting, a swapped
 * adjective) keep a high estimated Jaccard similarity; different templates do not.
 */
const PERMUTATIONS = 64;
const PREFIX = "mh1:";

export function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, " ").replace(/\s+/g, " ").trim();
}

/** FNV-1a 32-bit with a seed folded in; fast and deterministic across processes. */
function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche so nearby seeds give independent permutations
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

function shingles(text: string): string[] {
  const w = normalise(text).split(" ").filter(Boolean);
  if (w.length < 3) return w.length ? [w.join(" ")] : [];
  const out: string[] = [];
  for (let i = 0; i + 3 <= w.length; i++) out.push(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

export function fingerprint(text: string): string {
  const sh = shingles(text);
  const mins: string[] = [];
  for (let p = 0; p < PERMUTATIONS; p++) {
    let min = 0xffffffff;
    for (const s of sh) min = Math.min(min, fnv1a(s, p * 0x9e3779b1));
    mins.push(min.toString(16).padStart(8, "0"));
  }
  return PREFIX + mins.join("");
}

/** Estimated Jaccard similarity of two fingerprints (0..1); unknown formats compare as 0 unless identical. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.startsWith(PREFIX) || !b.startsWith(PREFIX)) return 0;
  const x = a.slice(PREFIX.length);
  const y = b.slice(PREFIX.length);
  if (x.length !== y.length) return 0;
  let same = 0;
  for (let i = 0; i < x.length; i += 8) if (x.slice(i, i + 8) === y.slice(i, i + 8)) same++;
  return same / (x.length / 8);
}
