import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3005);
export const E2E_BASE_URL = `http://127.0.0.1:${PORT}`;
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";
export const E2E_NEXTAUTH_SECRET = "e2e-secret-e2e-secret-e2e-secret-0123456";

// Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PW_JSON_OUTPUT
    ? [["list"], ["json", { outputFile: process.env.PW_JSON_OUTPUT }]]
    : [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, testIgnore: /\.phone\.spec\.ts/ },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions: chromium }, testMatch: /\.phone\.spec\.ts/ },
  ],
  webServer: {
    command: `bash e2e/support/start-server.sh ${PORT}`,
    url: `${E2E_BASE_URL}/api/auth/csrf`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM lets scripts/serve.ts stop the app and the executor it started (their own process groups).
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      NEXTAUTH_URL: E2E_BASE_URL,
      NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      // Everything down to debug, so the privacy scan of the captured log (E2E_SERVER_LOG) sees every line any level would print.
      LOG_LEVEL: "debug",
      E2E_SERVER_LOG: process.env.E2E_SERVER_LOG ?? "",
      RB2B_WEBHOOK_TOKEN: "e2e-rb2b-token",
      CLAY_CALLBACK_SECRET: "e2e-clay-callback-secret",
      CLAY_SANDBOX_DELAY_MS: "300",
      CLAY_CALLBACK_WAIT_S: "10",
      GHL_WEBHOOK_SECRET: "e2e-ghl-webhook-secret",
    },
  },
});
