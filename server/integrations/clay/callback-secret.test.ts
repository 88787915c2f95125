import { afterAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { clayCallbackSecret, DEV_CLAY_CALLBACK_SECRET } from "./index";

const KEYS = ["NODE_ENV", "CLAY_CALLBACK_SECRET", "CLAY_WEBHOOK_URL", "NEXTAUTH_SECRET"] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
const env = process.env as Record<string, string | undefined>;
function use(vars: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) {
    if (k === "NEXTAUTH_SECRET") continue;
    if (vars[k] === undefined) delete env[k];
    else env[k] = vars[k];
  }
  if (vars.NEXTAUTH_SECRET) env.NEXTAUTH_SECRET = vars.NEXTAUTH_SECRET;
  resetEnvForTests();
}
afterAll(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete env[k];
    else env[k] = saved[k];
  }
  resetEnvForTests();
});

describe("the secret Clay's callbacks must carry", () => {
  it("is CLAY_CALLBACK_SECRET whenever it is set", () => {
    use({ NODE_ENV: "production", CLAY_CALLBACK_SECRET: "configured-secret", CLAY_WEBHOOK_URL: "https://api.clay.example/hook" });
    expect(clayCallbackSecret()).toBe("configured-secret");
  });
  it("outside production, the documented development default", () => {
    use({ NODE_ENV: "development" });
    expect(clayCallbackSecret()).toBe(DEV_CLAY_CALLBACK_SECRET);
  });
  it("in production with live Clay and none configured: none (callbacks refused)", () => {
    use({ NODE_ENV: "production", CLAY_WEBHOOK_URL: "https://api.clay.example/hook" });
    expect(clayCallbackSecret()).toBeNull();
  });
  it("in production in sandbox mode: derived from NEXTAUTH_SECRET, not the public default, the same on every instance", () => {
    use({ NODE_ENV: "production", NEXTAUTH_SECRET: "one-secret-one-secret-one-secret-0123" });
    const a = clayCallbackSecret();
    expect(a).toMatch(/^[\w-]{40,}$/);
    expect(a).not.toBe(DEV_CLAY_CALLBACK_SECRET);
    resetEnvForTests();
    expect(clayCallbackSecret()).toBe(a);
    use({ NODE_ENV: "production", NEXTAUTH_SECRET: "two-secret-two-secret-two-secret-0123" });
    expect(clayCallbackSecret()).not.toBe(a);
  });
});
