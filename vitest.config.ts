import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
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
      // Events sent by code under test go to a closed loopback port unless a test starts an executor.
      INNGEST_BASE_URL: "http://127.0.0.1:9",
      INNGEST_EVENT_KEY: "test-event-key",
      INNGEST_DEV: "0",
    },
  },
});
