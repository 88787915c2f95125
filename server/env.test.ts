import { describe, expect, it } from "vitest";
import { appUrl, EnvError, parseEnv, resetEnvForTests } from "./env";

const good = { DATABASE_URL: "file:./data/x.db", NEXTAUTH_SECRET: "x".repeat(32), NEXTAUTH_URL: "http://localhost:3000" };

describe("parseEnv", () => {
  it("accepts a minimal valid environment and applies defaults", () => {
    const e = parseEnv(good);
    expect(e.LOG_LEVEL).toBe("info");
    expect(e.PAUSE_ALL_SENDS).toBe(false);
  });

  it("forces a kill switch from the environment", () => {
    expect(parseEnv({ ...good, PAUSE_ALL_SENDS: "1" }).PAUSE_ALL_SENDS).toBe(true);
  });

  it.each([
    [{ ...good, DATABASE_URL: undefined }, /DATABASE_URL is required/],
    [{ ...good, DATABASE_URL: "mysql://x" }, /DATABASE_URL must start with "file:"/],
    [{ ...good, NEXTAUTH_SECRET: "short" }, /NEXTAUTH_SECRET must be at least 32 characters/],
    [{ ...good, NEXTAUTH_URL: "not a url" }, /NEXTAUTH_URL/],
    [{ ...good, PAUSE_ALL_SENDS: "maybe" }, /PAUSE_ALL_SENDS/],
  ])("names the bad variable %#", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("lists every bad variable at once and never echoes a value", () => {
    const secret = "leaky-secret-value";
    try {
      parseEnv({ NEXTAUTH_SECRET: secret });
      expect.unreachable();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain("DATABASE_URL");
      expect(msg).toContain("NEXTAUTH_SECRET");
      expect(msg).toContain("NEXTAUTH_URL");
      expect(msg).not.toContain(secret);
      expect(msg).not.toMatch(/\n\s+at /); // no stack trace in the message
    }
  });
});

describe("appUrl", () => {
  const cases: [Record<string, string>, string, string][] = [
    [{ NEXTAUTH_URL: "http://localhost:3000" }, "/api/webhooks/clay", "http://localhost:3000/api/webhooks/clay"],
    [{ NEXTAUTH_URL: "http://localhost:3000/" }, "call-prep/x", "http://localhost:3000/call-prep/x"],
    [{ NEXTAUTH_URL: "http://localhost:3000", APP_BASE_URL: "https://caio.example.com" }, "/inbox", "https://caio.example.com/inbox"],
    [{ NEXTAUTH_URL: "http://localhost:3000", APP_BASE_URL: "https://example.com/caio" }, "/api/unsubscribe", "https://example.com/caio/api/unsubscribe"],
    [{ NEXTAUTH_URL: "https://example.com/api/auth" }, "/api/unsubscribe", "https://example.com/api/unsubscribe"],
    [{ NEXTAUTH_URL: "https://example.com/api/auth", APP_BASE_URL: "https://example.com/caio/" }, "", "https://example.com/caio/"],
  ];
  it.each(cases)("%j + %s = %s (APP_BASE_URL with its base path, else NEXTAUTH_URL's origin)", (vars, path, expected) => {
    const saved = { ...process.env };
    try {
      delete process.env.APP_BASE_URL;
      Object.assign(process.env, { NEXTAUTH_SECRET: "x".repeat(32), DATABASE_URL: "file:./data/t.db" }, vars);
      resetEnvForTests();
      expect(appUrl(path)).toBe(expected);
    } finally {
      process.env = saved;
      resetEnvForTests();
    }
  });
});
