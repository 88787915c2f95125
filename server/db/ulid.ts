import { randomBytes } from "node:crypto";
import { monotonicFactory, ulid as ulidWith } from "ulid";

/**
 * The one id generator: ULIDs (26 characters, ordered by their time part).
 * ulid's default PRNG calls crypto.getRandomValues once per character — and looks the PRNG up
 * again on every call — which cost ~0.2 ms of every RB2B webhook under Next's instrumented
 * `crypto` (profile of `npm run bench -- intake`). The same CSPRNG read 4 KB at a time gives the
 * same ids at a fraction of the cost.
 */
let pool = randomBytes(4096);
let poolAt = 0;
const pooledRandom = () => {
  if (poolAt >= pool.length) [pool, poolAt] = [randomBytes(4096), 0];
  return pool[poolAt++] / 256;
};

/** A ULID for now, or for `seedTime` (ms) when given. */
export const ulid = (seedTime?: number): string => ulidWith(seedTime, pooledRandom);

/** ULIDs that also increase strictly within one millisecond of this process (e.g. send ids). */
export const monotonicUlid: (seedTime?: number) => string = monotonicFactory(pooledRandom);
