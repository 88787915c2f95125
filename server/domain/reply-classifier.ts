/**
 * Rule-based reply classification (DESIGN.md §3 step 8). Pure and deterministic so every rule has
 * a table test; an LLM classifier can later sit behind the same signature, never required.
 *
 * Order matters, first match wins:
 *   1. UNSUBSCRIBE   — any opt-out request. Checked first: missing one is a compliance failure,
 *                      honouring a false one only costs a lead.
 *   2. OUT_OF_OFFICE — auto-reply headers, then auto-reply subjects/phrases. Before the human
 *                      classes because an auto-reply often contains "interested"/"call" wording.
 *   3. NEGATIVE      — refusals ("not interested", "no thanks").
 *   4. POSITIVE      — engagement ("let's talk", "book a call", "send me more").
 *   5. NEUTRAL       — anything else (questions, "who are you?", forwarded-to-colleague...).
 *
 * Decided trap: "not interested right now but let's talk in Q3" is NEGATIVE. Negative beats
 * positive so a polite brush-off with a vague future never counts as a positive reply (it would
 * inflate the positive-reply rate the learner optimises and stop nothing useful); the person can
 * still be contacted by a human later. Likewise "interested" only counts when not negated.
 *
 * Only the new text is classified: quoted history (our own e-mail, which contains an unsubscribe
 * footer and a call-to-action) is stripped first by `newText`.
 */
export type ReplyClass = "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "OUT_OF_OFFICE" | "UNSUBSCRIBE";

export interface ReplyInput {
  body: string;
  subject?: string | null;
  /** Raw message headers when the provider passes them (names case-insensitive). */
  headers?: Record<string, string | undefined> | null;
}

export interface ReplyClassification {
  classification: ReplyClass;
  /** The rule that decided, for the audit trail and the table tests. */
  rule: string;
}

/** Drops quoted history: "> " lines and everything from a reply header ("On … wrote:", "-----Original Message-----", "From: …"). */
export function newText(body: string): string {
  const out: string[] = [];
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    const t = line.trim();
    if (/^on\b.{0,200}\bwrote:\s*$/i.test(t) || /^-{2,}\s*original message\s*-{2,}$/i.test(t) || /^from:\s.+/i.test(t) || /^_{5,}$/.test(t)) break;
    if (t.startsWith(">")) continue;
    out.push(line);
  }
  return out.join("\n").trim();
}

const norm = (s: string) => s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, " ");

type Rule = { name: string; test: RegExp };

const UNSUBSCRIBE: Rule[] = [
  { name: "unsubscribe", test: /\bunsubscribe\b/ },
  { name: "remove-me", test: /\bremove (me|us|my (e-?mail|address))\b/ },
  { name: "take-me-off", test: /\btake (me|us) off\b/ },
  { name: "stop-contacting", test: /\bstop (e-?mailing|emailing|contacting|messaging|sending|writing)\b/ },
  { name: "do-not-contact", test: /\b(do not|don't|dont) (e-?mail|contact|message|write to) (me|us)\b/ },
  { name: "opt-out", test: /\bopt(-| )?out\b/ },
  { name: "bare-stop", test: /^\W*stop\W*$/ },
];

const OOO_HEADERS: [string, RegExp][] = [
  ["auto-submitted", /^auto-(replied|generated|notified)/i],
  ["x-autoreply", /./],
  ["x-autorespond", /./],
  ["precedence", /^auto[_-]reply$/i],
];

const OOO_SUBJECT = /\b(automatic reply|auto[- ]?reply|autoreply|out of (the )?office|ooo|away from (the )?office|abwesenheit)\b/;
const OOO_BODY: Rule[] = [
  { name: "ooo-out-of-office", test: /\bout of (the )?office\b/ },
  { name: "ooo-away", test: /\b(i am|i'm|i will be) (currently )?(away|on (vacation|holiday|leave|parental leave|annual leave))\b/ },
  { name: "ooo-limited-access", test: /\b(limited|no) access to (my )?e-?mail\b/ },
  { name: "ooo-returning", test: /\b(i will|i'll) (be )?(back|return(ing)?) (on|in|the)\b|\breturning on\b/ },
  { name: "ooo-auto-reply", test: /\b(this is an )?automatic (reply|response)\b|\bauto-?reply\b/ },
];

const NEGATIVE: Rule[] = [
  { name: "not-interested", test: /\b(not|isn't|aren't|am not|no longer) (really |currently |at all )?interested\b|\buninterested\b/ },
  { name: "no-thanks", test: /\bno,? thanks?\b|\bno,? thank you\b|\bno thx\b/ },
  { name: "not-a-fit", test: /\bnot (a )?(good |great |right )?fit\b/ },
  { name: "all-set", test: /\b(we're|we are|i'm|i am) (all )?set\b|\balready (have|use|using|work with)\b/ },
  { name: "not-looking", test: /\b(not|aren't|are not) looking (for|to)\b|\bno need\b|\bpass on this\b/ },
];

const POSITIVE: Rule[] = [
  { name: "lets-talk", test: /\blet'?s (talk|chat|connect|meet|speak|set (something|a time) up)\b/ },
  { name: "book-a-call", test: /\b(book|schedule|set up|arrange|hop on|jump on) (a |an )?(quick )?(call|meeting|demo|chat|time)\b/ },
  { name: "interested", test: /\binterested\b/ },
  { name: "send-more", test: /\b(send|share) (me |us )?(more|some more|additional) (info|information|details)?|\btell me more\b|\blearn more\b/ },
  { name: "availability", test: /\b(what time works|when are you (free|available)|i'm (free|available)|i am (free|available)|sounds (good|great)|happy to (chat|talk|connect)|open to (a )?(chat|call|conversation))\b/ },
];

function headerMatch(headers: ReplyInput["headers"]): string | null {
  if (!headers) return null;
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), (v ?? "").trim()]));
  for (const [name, re] of OOO_HEADERS) {
    const v = lower.get(name);
    if (v !== undefined && v !== "" && re.test(v)) return `ooo-header:${name}`;
  }
  return null;
}

const first = (rules: Rule[], text: string) => rules.find((r) => r.test.test(text))?.name ?? null;

export function classifyReply(input: ReplyInput): ReplyClassification {
  const text = norm(newText(input.body));
  const subject = norm(input.subject ?? "");
  let rule = first(UNSUBSCRIBE, text) ?? (/^\s*(stop|unsubscribe)\s*$/.test(subject) ? "subject-unsubscribe" : null);
  if (rule) return { classification: "UNSUBSCRIBE", rule };
  rule = headerMatch(input.headers) ?? (OOO_SUBJECT.test(subject) ? "ooo-subject" : null) ?? first(OOO_BODY, text);
  if (rule) return { classification: "OUT_OF_OFFICE", rule };
  rule = first(NEGATIVE, text);
  if (rule) return { classification: "NEGATIVE", rule };
  rule = first(POSITIVE, text);
  if (rule) return { classification: "POSITIVE", rule };
  return { classification: "NEUTRAL", rule: "default" };
}
