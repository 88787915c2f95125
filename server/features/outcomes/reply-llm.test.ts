import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ulid } from "@/server/db/ulid";
import type { ReplyClass } from "@/server/domain/reply-classifier";
import { createReplyLlm, ReplyLlmError, type ReplyLlm } from "@/server/integrations/llm/reply-llm";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { useGlobalDb } from "@/server/testing/global-db";
import { processGhlEvent } from "./outcomes.service";
import type { GhlEvent } from "./outcomes.schemas";

// The optional LLM classifier: rules by default, the LLM only when given, the rules again on any
// failure. A fake classifier stands in for the model; the HTTP client is tested against a fake
// OpenAI-compatible server on loopback.
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
});
afterAll(() => t.cleanup());

let n = 0;
async function sendTo() {
  n++;
  const email = `llm${n}@llm.test`;
  const [draftId] = await seedDrafts(t.db, [{ email, status: "SENT" }], `llm${n}`);
  const s = await t.db.send.create({
    data: { draftId, status: "SENT", mode: "LIVE", recipientDomain: "llm.test", recipientHash: emailHash(email), sentAt: new Date(Date.now() - 60_000), providerContactId: `c_llm_${n}`, providerMessageId: `m_llm_${n}` },
    select: { id: true, providerContactId: true, recipientHash: true },
  });
  return s;
}
const reply = (contactId: string, body: string): GhlEvent => ({ type: "InboundMessage", messageId: `in_${ulid()}`, contactId, direction: "inbound", subject: "Re: hi", body });

function fake(answer: ReplyClass | Error | "hang"): ReplyLlm & { calls: { subject: string | null; text: string }[] } {
  const calls: { subject: string | null; text: string }[] = [];
  return {
    name: "fake-model", calls,
    classify: (input, signal) => {
      calls.push(input);
      if (answer === "hang") return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

describe("optional LLM reply classifier", () => {
  it("off by default: the rules classify and nothing is asked", async () => {
    const s = await sendTo();
    const r = await processGhlEvent(t.db, reply(s.providerContactId!, "Happy to chat, send me a calendar link"));
    expect(r).toMatchObject({ kind: "stored", classification: "POSITIVE" });
  });

  it("when given, its reading wins (rule llm:<name>) and drives the effects; only the new text is sent to it", async () => {
    const s = await sendTo();
    const llm = fake("UNSUBSCRIBE");
    const r = await processGhlEvent(t.db, reply(s.providerContactId!, "Please never write to this mailbox again.\n\nOn Mon, Sam wrote:\n> our e-mail"), new Date(), { llm });
    expect(r).toMatchObject({ kind: "stored", classification: "UNSUBSCRIBE", suppressed: true });
    expect(llm.calls[0]).toEqual({ subject: "Re: hi", text: "Please never write to this mailbox again." });
    const o = await t.db.outcome.findUniqueOrThrow({ where: { id: r.kind === "stored" ? r.outcomeId : "" } });
    expect(JSON.parse(o.payload)).toMatchObject({ rule: "llm:fake-model", rulesSaid: "NEUTRAL" });
  });

  it.each([
    ["throws", new ReplyLlmError("boom")],
    ["times out", "hang" as const],
  ])("the rules decide when the LLM %s", async (_, behaviour) => {
    const s = await sendTo();
    const r = await processGhlEvent(t.db, reply(s.providerContactId!, "Not interested, thanks"), new Date(), { llm: fake(behaviour), llmTimeoutMs: 100 });
    expect(r).toMatchObject({ kind: "stored", classification: "NEGATIVE" });
  });

  it("a rules opt-out is never overridden by the LLM", async () => {
    const s = await sendTo();
    const r = await processGhlEvent(t.db, reply(s.providerContactId!, "unsubscribe"), new Date(), { llm: fake("POSITIVE") });
    expect(r).toMatchObject({ kind: "stored", classification: "UNSUBSCRIBE", suppressed: true });
  });
});

describe("createReplyLlm (OpenAI-compatible endpoint on loopback)", () => {
  let server: http.Server;
  let url = "";
  let next: { status: number; body: unknown } = { status: 200, body: {} };
  const seen: Record<string, unknown>[] = [];
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ auth: req.headers.authorization, ...JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      res.writeHead(next.status, { "content-type": "application/json" });
      res.end(JSON.stringify(next.body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const content = (c: string) => ({ choices: [{ message: { role: "assistant", content: c } }] });

  it("sends the model, the bearer key and the reply; parses the class", async () => {
    next = { status: 200, body: content('{"classification":"POSITIVE"}') };
    const llm = createReplyLlm({ url, model: "m1", apiKey: "k" });
    expect(await llm.classify({ subject: "Re", text: "yes please" }, AbortSignal.timeout(2000))).toBe("POSITIVE");
    expect(seen.at(-1)).toMatchObject({ auth: "Bearer k", model: "m1", temperature: 0 });
    expect(JSON.stringify(seen.at(-1))).toContain("yes please");
  });

  it.each([
    ["a 500", { status: 500, body: {} }],
    ["a non-JSON answer", { status: 200, body: content("positive!") }],
    ["an unknown class", { status: 200, body: content('{"classification":"MAYBE"}') }],
    ["a wrong shape", { status: 200, body: { nope: true } }],
  ])("rejects %s with ReplyLlmError", async (_, answer) => {
    next = answer;
    await expect(createReplyLlm({ url, model: "m1" }).classify({ subject: null, text: "x" }, AbortSignal.timeout(2000))).rejects.toBeInstanceOf(ReplyLlmError);
  });
});
