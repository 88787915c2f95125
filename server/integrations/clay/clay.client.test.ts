import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeClay } from "@/server/testing/http-servers";
import { createClayClient } from "./clay.client";
import { createSandboxClay } from "./clay.sandbox";
import { ClayError, type ClayRow } from "./clay.types";

const row: ClayRow = {
  requestId: "req_1", callbackUrl: "https://app.example/api/webhooks/clay", linkedinUrl: null, email: "a@b.co",
  firstName: "A", lastName: "B", title: null, companyName: "B Co", companyDomain: "b.co",
};

let clay: Awaited<ReturnType<typeof fakeClay>>;
beforeAll(async () => { clay = await fakeClay(); });
afterAll(() => clay.close());

describe("Clay HTTP client against a fake Clay on loopback", () => {
  it("posts the row as JSON with the auth header", async () => {
    clay.setMode("ok");
    await createClayClient({ webhookUrl: `${clay.url}/webhook`, auth: "s3cret" }).push(row);
    const last = clay.received.at(-1)!;
    expect(last.headers["x-clay-webhook-auth"]).toBe("s3cret");
    expect(last.headers["content-type"]).toBe("application/json");
    expect(last.body).toMatchObject({ requestId: "req_1", callbackUrl: row.callbackUrl });
  });

  it("omits the auth header when none is configured", async () => {
    clay.setMode("ok");
    await createClayClient({ webhookUrl: clay.url }).push(row);
    expect(clay.received.at(-1)!.headers["x-clay-webhook-auth"]).toBeUndefined();
  });

  it.each([
    ["500", "HTTP", 500, true],
    ["401", "HTTP", 401, false],
  ] as const)("answers %s -> ClayError %s (retriable %s)", async (mode, kind, status, retriable) => {
    clay.setMode(mode);
    const err = await createClayClient({ webhookUrl: clay.url }).push(row).catch((e) => e);
    expect(err).toBeInstanceOf(ClayError);
    expect(err).toMatchObject({ kind, status });
    expect(err.retriable).toBe(retriable);
  });

  it("a hanging Clay times out (typed TIMEOUT)", async () => {
    clay.setMode("hang");
    const err = await createClayClient({ webhookUrl: clay.url, timeoutMs: 200 }).push(row).catch((e) => e);
    expect(err).toMatchObject({ name: "ClayError", kind: "TIMEOUT" });
  });

  it("an unreachable Clay is a NETWORK error", async () => {
    const err = await createClayClient({ webhookUrl: "http://127.0.0.1:1/none" }).push(row).catch((e) => e);
    expect(err).toMatchObject({ name: "ClayError", kind: "NETWORK" });
  });
});

describe("sandbox Clay", () => {
  it("fails pushes at the configured rate (seeded random)", async () => {
    const values = [0.1, 0.9];
    const sb = createSandboxClay({ secret: "s", delayMs: 0, failureRate: 0.5, random: () => values.shift() ?? 0.9, fetch: async () => new Response("{}") });
    await expect(sb.push(row)).rejects.toMatchObject({ kind: "HTTP", status: 503 });
    await expect(sb.push(row)).resolves.toBeUndefined();
  });

  it("answers through the callback URL with the secret and our request id", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    let done!: () => void;
    const called = new Promise<void>((r) => { done = r; });
    const sb = createSandboxClay({
      secret: "shh", delayMs: 5, failureRate: 0, random: () => 0.5,
      fetch: async (url, init) => { calls.push({ url: String(url), init: init! }); done(); return new Response("{}"); },
    });
    await sb.push(row);
    await called;
    expect(calls[0].url).toBe(row.callbackUrl);
    expect((calls[0].init.headers as Record<string, string>)["x-clay-callback-secret"]).toBe("shh");
    expect(JSON.parse(String(calls[0].init.body))).toMatchObject({ requestId: "req_1", status: "ok", data: { email: "a@b.co" } });
  });
});
