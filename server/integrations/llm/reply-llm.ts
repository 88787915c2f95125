import { z } from "zod";
import type { ReplyClass } from "@/server/domain/reply-classifier";
import { env } from "@/server/env";

/**
 * Optional LLM reply classifier (issue 7 item 2): OFF unless REPLY_LLM_URL and REPLY_LLM_MODEL are
 * set, never required. The outcomes service asks it only after the rules have answered and keeps
 * the rules' answer when it is off, throws, times out or answers something unusable
 * (server/domain/reply-classification-policy.ts decides how the two combine).
 *
 * Privacy: when enabled, the reply's new text (quoted history stripped) and subject leave the
 * machine to the configured endpoint; nothing else (no address, no name) is sent.
 */
export interface ReplyLlm {
  /** Shown in the rule name ("llm:<name>") and the audit trail. */
  readonly name: string;
  classify(input: { subject: string | null; text: string }, signal: AbortSignal): Promise<ReplyClass>;
}

export class ReplyLlmError extends Error {
  override name = "ReplyLlmError";
}

const CLASSES = ["POSITIVE", "NEGATIVE", "NEUTRAL", "OUT_OF_OFFICE", "UNSUBSCRIBE"] as const;
const answer = z.object({ classification: z.enum(CLASSES) });
const completion = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) });

const INSTRUCTIONS = [
  "You classify replies to a B2B sales e-mail. Answer with JSON only: {\"classification\": X}",
  "where X is one of POSITIVE (wants to talk or learn more), NEGATIVE (declines), NEUTRAL (anything else,",
  "e.g. a question or a referral), OUT_OF_OFFICE (an automatic away message), UNSUBSCRIBE (asks not to be",
  "contacted again). Any request to stop being contacted is UNSUBSCRIBE.",
].join(" ");

export interface ReplyLlmOptions {
  /** Full URL of an OpenAI-compatible chat-completions endpoint. */
  url: string;
  model: string;
  apiKey?: string;
  fetchImpl?: typeof fetch;
}

/** A client for any OpenAI-compatible chat-completions endpoint (a gateway, a local model server, ...). */
export function createReplyLlm(o: ReplyLlmOptions): ReplyLlm {
  const doFetch = o.fetchImpl ?? fetch;
  return {
    name: o.model,
    async classify(input, signal) {
      const res = await doFetch(o.url, {
        method: "POST",
        signal,
        headers: { "content-type": "application/json", accept: "application/json", ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
        body: JSON.stringify({
          model: o.model,
          temperature: 0,
          response_format: { type: "json_object" },
          messages: [
            { role: "system", content: INSTRUCTIONS },
            { role: "user", content: JSON.stringify({ subject: input.subject ?? "", reply: input.text.slice(0, 4000) }) },
          ],
        }),
      });
      if (!res.ok) throw new ReplyLlmError(`reply LLM answered ${res.status}`);
      const c = completion.safeParse(await res.json().catch(() => null));
      if (!c.success) throw new ReplyLlmError("reply LLM: unexpected response shape");
      let parsed: unknown;
      try {
        parsed = JSON.parse(c.data.choices[0]!.message.content);
      } catch {
        throw new ReplyLlmError("reply LLM: the answer is not JSON");
      }
      const a = answer.safeParse(parsed);
      if (!a.success) throw new ReplyLlmError("reply LLM: the answer names no known class");
      return a.data.classification;
    },
  };
}

/** The configured classifier, or null (the default: rules only). */
export function replyLlmFromEnv(): ReplyLlm | null {
  const e = env();
  if (!e.REPLY_LLM_URL || !e.REPLY_LLM_MODEL) return null;
  return createReplyLlm({ url: e.REPLY_LLM_URL, model: e.REPLY_LLM_MODEL, apiKey: e.REPLY_LLM_API_KEY });
}

export function replyLlmTimeoutMs(): number {
  return env().REPLY_LLM_TIMEOUT_MS;
}
