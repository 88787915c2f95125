import type { ReplyClass, ReplyClassification } from "./reply-classifier";

/**
 * How an optional LLM opinion combines with the rules (the rules are always computed first and
 * stay the answer whenever the LLM is off, fails, times out or answers nonsense):
 *   - an UNSUBSCRIBE found by the rules is never overridden (missing an opt-out is a compliance
 *     failure; honouring a false one only costs a lead);
 *   - an out-of-office detected from auto-reply HEADERS is a fact about the message, not a reading
 *     of its text, so it stands;
 *   - otherwise the LLM's class wins, including UNSUBSCRIBE (the same asymmetry: honour it).
 */
export function combineReplyClassification(rules: ReplyClassification, llm: ReplyClass | null, llmName: string): ReplyClassification & { source: "rules" | "llm" } {
  if (llm === null) return { ...rules, source: "rules" };
  if (rules.classification === "UNSUBSCRIBE") return { ...rules, source: "rules" };
  if (rules.classification === "OUT_OF_OFFICE" && rules.rule.startsWith("ooo-header:")) return { ...rules, source: "rules" };
  if (llm === rules.classification) return { ...rules, source: "rules" };
  return { classification: llm, rule: `llm:${llmName}`, source: "llm" };
}
