import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    // hardening/: the slow crash, load and fuzz suites (`npm run test:hardening`, vitest.hardening.config.ts).
    exclude: ["node_modules/**", ".next/**", "e2e/**", "hardening/**"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123",
      NEXTAUTH_URL: "http://localhost:3000",
      DATABASE_URL: "file:./data/vitest-unused.db",
      CHECKPOINT_DISABLE: "1",
      // Cloud mode without an event key: the SDK refuses to send (no network) unless a test starts
      // an executor and configures keys (server/testing/pipeline-harness.ts).
      INNGEST_DEV: "0",
    },
  },
});
