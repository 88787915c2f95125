import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

// `npm run test:hardening`: crash safety, concurrency at scale, fuzzing and the production-build
// crash test (hardening/*.hardening.test.ts). Minutes, not seconds: kept out of `npm test`.
// One file at a time: each suite already runs several OS processes against its own database.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["hardening/**/*.hardening.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
    fileParallelism: false,
    testTimeout: 900_000,
  },
});
