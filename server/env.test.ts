import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

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
