/**
 * Seeded randomness for the learner (Thompson sampling) and the simulated market. Pure and
 * deterministic: the same seed gives the same stream on every machine, so benchmarks, the
 * simulator and tests replay exactly.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** FNV-1a of a string: seeds derived from names ("seed:persona:template") stay stable. */
export function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

/** mulberry32: small, fast, well-distributed 32-bit generator (plenty for simulation). */
export function createRng(seed: number | string): Rng {
  let a = (typeof seed === "string" ? hashSeed(seed) : seed) >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

export function uniformInt(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng.next() * n));
}

/** Standard normal (Box–Muller; the second value is discarded for simplicity). */
export function normal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 uses the boost Gamma(a+1)·U^(1/a). */
export function gamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.next();
    return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x + y === 0 ? 0.5 : x / (x + y);
}

export function bernoulli(rng: Rng, p: number): boolean {
  return rng.next() < p;
}
