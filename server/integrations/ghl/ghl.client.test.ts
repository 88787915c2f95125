import { describe, expect, it } from "vitest";
import { createGhlClient } from "./ghl.client";
import { GhlError } from "./ghl.types";

/** A client whose every call answers 429 with `headers`. */
function limited(headers: Record<string, string>) {
  return createGhlClient({
    baseUrl: "http://127.0.0.1:9", token: "t", locationId: "loc",
    fetchImpl: async () => new Response("{}", { status: 429, headers }),
    sleep: async () => undefined,
  });
}

const email = { sendId: "s1", contactId: "c1", subject: "s", html: "<p>h</p>", emailTo: "a@b.example", headers: {} };

describe("GHL client: how long a 429 says to wait", () => {
  it.each<[string, Record<string, string>, number]>([
    ["Retry-After in seconds", { "retry-after": "30" }, 30_000],
    ["Retry-After wins over GHL's window", { "retry-after": "5", "x-ratelimit-interval-milliseconds": "10000" }, 5_000],
    ["no Retry-After: GHL's rate-limit window", { "x-ratelimit-interval-milliseconds": "7000" }, 7_000],
    ["an unreadable Retry-After: GHL's window", { "retry-after": "soon", "x-ratelimit-interval-milliseconds": "7000" }, 7_000],
    ["neither: 10 s", {}, 10_000],
  ])("%s", async (_, headers, ms) => {
    const err = await limited(headers).sendEmail(email).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GhlError);
    expect(err).toMatchObject({ kind: "RATE_LIMITED", opts: { status: 429, retryAfterMs: ms } });
  });
});
