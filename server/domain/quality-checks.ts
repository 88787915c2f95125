/**
 * Draft quality checks (DESIGN.md §3 step 4). Each check is a small pure function; `runChecks`
 * runs them all and FAILS CLOSED: a check that throws counts as failed, so a crashing guard can
 * never wave a draft through (the system this replaces let drafts pass when its guards crashed).
 */
import { similarity } from "./fingerprint";
import { wholeWordIncludes } from "./text";

export interface QualityInput {
  subject: string;
  /** The rendered body the template produced (the server-added signature/footer are checked elsewhere). */
  body: string;
  fingerprint: string;
  /** Fingerprints of drafts rejected for this lead inside the memory window. */
  rejectedFingerprints: string[];
}

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

export interface QualityCheck {
  name: string;
  run(input: QualityInput): { ok: boolean; detail: string };
}

export const WORDS_MIN = 50;
export const WORDS_MAX = 300;
export const SUBJECT_MAX = 60;
/** Estimated Jaccard similarity at or above which a draft is a near-copy of a rejected one. */
export const NEAR_COPY_THRESHOLD = 0.8;

export const BANNED_OPENERS = [
  "i hope this email finds you well",
  "i hope this finds you well",
  "i hope you are doing well",
  "i hope you're doing well",
  "my name is",
  "just following up",
  "just checking in",
  "i wanted to reach out",
  "dear sir",
  "to whom it may concern",
  "sorry to bother you",
];

export const SPAM_PHRASES = [
  "act now", "limited time", "100% free", "risk-free", "risk free", "guaranteed", "click here", "buy now",
  "no obligation", "winner", "cash bonus", "urgent", "once in a lifetime", "double your", "free money",
  "special promotion", "exclusive deal", "100% satisfied",
];

const UNRESOLVED = [
  /\{\{|\}\}|\{%|%\}/,
  /\{\s*[A-Za-z_][\w.]*\s*\}/,
  /\[\s*(first|last|company)[ _]?name\s*\]/i,
  /\b(undefined|NaN)\b/,
  /\[object Object\]/,
];

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function openerOf(body: string): string {
  const firstLine = body.trim().split(/\n+/).map((l) => l.trim()).find((l) => l && !/^(hi|hello|hey|dear)\b[^.!?]*,?$/i.test(l)) ?? "";
  return firstLine.toLowerCase().replace(/[’]/g, "'");
}

function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 4) return false;
  const upper = letters.filter((c) => c === c.toUpperCase() && c !== c.toLowerCase()).length;
  return upper / letters.length > 0.7;
}

export const CHECKS: QualityCheck[] = [
  {
    name: "no_unresolved_tokens",
    run: ({ subject, body }) => {
      const hit = UNRESOLVED.find((re) => re.test(subject) || re.test(body));
      return { ok: !hit, detail: hit ? `unresolved placeholder matching ${hit}` : "no placeholders left" };
    },
  },
  {
    name: "word_count",
    run: ({ body }) => {
      const n = countWords(body);
      return { ok: n >= WORDS_MIN && n <= WORDS_MAX, detail: `${n} words (allowed ${WORDS_MIN}–${WORDS_MAX})` };
    },
  },
  {
    name: "subject_length",
    run: ({ subject }) => {
      const n = [...subject.trim()].length;
      return { ok: n > 0 && n <= SUBJECT_MAX, detail: `${n} characters (allowed 1–${SUBJECT_MAX})` };
    },
  },
  {
    name: "not_all_caps",
    run: ({ subject, body }) => {
      const bad = isShouting(subject) ? "subject" : isShouting(body) ? "body" : null;
      return { ok: !bad, detail: bad ? `${bad} is (nearly) all capitals` : "normal capitalisation" };
    },
  },
  {
    name: "at_most_one_exclamation",
    run: ({ subject, body }) => {
      const n = (`${subject}\n${body}`.match(/!/g) ?? []).length;
      return { ok: n <= 1, detail: `${n} exclamation mark(s)` };
    },
  },
  {
    name: "https_links_only",
    run: ({ subject, body }) => {
      const text = `${subject}\n${body}`;
      const insecure = text.match(/\b(?:http|ftp):\/\/\S+/gi) ?? [];
      const bare = text.match(/(?<![\w/.])www\.\S+/gi) ?? [];
      const bad = [...insecure, ...bare];
      return { ok: bad.length === 0, detail: bad.length ? `${bad.length} non-https link(s)` : "links are https" };
    },
  },
  {
    name: "no_banned_opener",
    run: ({ body }) => {
      const opener = openerOf(body);
      const hit = BANNED_OPENERS.find((b) => opener.startsWith(b));
      return { ok: !hit, detail: hit ? `opens with "${hit}"` : "opener ok" };
    },
  },
  {
    name: "no_spam_phrases",
    run: ({ subject, body }) => {
      const text = `${subject}\n${body}`;
      const hits = SPAM_PHRASES.filter((p) => (/^[\w\s'-]+$/.test(p) ? wholeWordIncludes(text, p) : text.toLowerCase().includes(p)));
      return { ok: hits.length === 0, detail: hits.length ? `spam phrase(s): ${hits.join(", ")}` : "no spam phrases" };
    },
  },
  {
    name: "not_near_copy_of_rejected",
    run: ({ fingerprint, rejectedFingerprints }) => {
      const worst = rejectedFingerprints.reduce((m, f) => Math.max(m, similarity(fingerprint, f)), 0);
      return {
        ok: worst < NEAR_COPY_THRESHOLD,
        detail: rejectedFingerprints.length ? `max similarity to a rejected draft ${worst.toFixed(2)}` : "no rejected drafts for this lead",
      };
    },
  },
];

export interface QualityVerdict {
  ok: boolean;
  results: CheckResult[];
}

/** Runs every check; a check that throws fails (closed) with the error named in its detail. */
export function runChecks(input: QualityInput, checks: QualityCheck[] = CHECKS): QualityVerdict {
  const results = checks.map((c): CheckResult => {
    try {
      const r = c.run(input);
      return { check: c.name, ok: r.ok === true, detail: r.detail };
    } catch (e) {
      return { check: c.name, ok: false, detail: `check failed to run (blocked): ${(e as Error)?.message ?? String(e)}` };
    }
  });
  return { ok: results.length > 0 && results.every((r) => r.ok), results };
}
