/** The step body of the executor benchmark: a little real work (hashing a small payload). */
export function work(i: number): number {
  let h = i;
  const s = JSON.stringify({ i, items: [1, 2, 3, "abc"] });
  for (let k = 0; k < s.length; k++) h = (h * 31 + s.charCodeAt(k)) | 0;
  return h;
}

export const CHAIN_STEPS = 60; // one run, steps back to back: per-step latency
export const STEPS_PER_RUN = 10; // many runs of this at once: throughput
