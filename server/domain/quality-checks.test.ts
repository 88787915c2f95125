import { describe, expect, it } from "vitest";
import { fingerprint, similarity } from "./fingerprint";
import { CHECKS, countWords, runChecks, type QualityCheck, type QualityInput } from "./quality-checks";

const goodBody = [
  "Hi Jordan,",
  "",
  "I noticed Acme has been looking at how teams roll out outbound automation, and the getting started guide in particular.",
  "We help revenue teams at software companies of your size turn website intent into booked meetings without adding headcount.",
  "A customer in a similar position cut their response time to inbound interest from two days to under an hour.",
  "Would a short call next week be useful to see whether the same approach fits your team?",
  "More detail is here: https://example.com/case-studies/acme",
].join("\n");

const base: QualityInput = { subject: "A quick idea for Acme's outbound team", body: goodBody, fingerprint: fingerprint(goodBody), rejectedFingerprints: [] };
const check = (name: string, patch: Partial<QualityInput>) => {
  const r = runChecks({ ...base, ...patch }).results.find((x) => x.check === name)!;
  return r.ok;
};

describe("runChecks", () => {
  it("a good draft passes every check", () => {
    const v = runChecks(base);
    expect(v.results.filter((r) => !r.ok)).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.results.map((r) => r.check)).toEqual(CHECKS.map((c) => c.name));
  });

  it("a check that throws blocks the draft (fails closed) and names the error", () => {
    const boom: QualityCheck = { name: "boom", run: () => { throw new Error("kaboom"); } };
    const v = runChecks(base, [...CHECKS, boom]);
    expect(v.ok).toBe(false);
    expect(v.results.at(-1)).toMatchObject({ check: "boom", ok: false });
    expect(v.results.at(-1)!.detail).toContain("kaboom");
  });

  it("a check returning a non-boolean ok is not a pass", () => {
    const sloppy = { name: "sloppy", run: () => ({ ok: "yes" as unknown as boolean, detail: "" }) };
    expect(runChecks(base, [sloppy]).ok).toBe(false);
  });

  it("no checks at all is not a pass", () => {
    expect(runChecks(base, []).ok).toBe(false);
  });
});

describe("no_unresolved_tokens", () => {
  it.each([
    [goodBody, true],
    [`${goodBody} {{ first_name }}`, false],
    [`${goodBody} {% if x %}`, false],
    [`${goodBody} {firstName}`, false],
    [`${goodBody} [First Name]`, false],
    [`${goodBody} undefined`, false],
    [`${goodBody} [object Object]`, false],
    [`${goodBody} a {set} of ideas`, false],
    [`${goodBody} (see below)`, true],
  ])("%#", (body, ok) => expect(check("no_unresolved_tokens", { body })).toBe(ok));
  it("subject too", () => expect(check("no_unresolved_tokens", { subject: "Hi {{name}}" })).toBe(false));
});

describe("word_count", () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
  it.each([[49, false], [50, true], [300, true], [301, false], [0, false]])("%i words -> %s", (n, ok) => {
    expect(check("word_count", { body: words(n) })).toBe(ok);
  });
  it("punctuation-only tokens are not words", () => expect(countWords("one - two — three !")).toBe(3));
});

describe("subject_length", () => {
  it.each([["x".repeat(60), true], ["x".repeat(61), false], ["", false], ["   ", false], ["é".repeat(60), true]])("%#", (subject, ok) => {
    expect(check("subject_length", { subject })).toBe(ok);
  });
});

describe("not_all_caps", () => {
  it.each([
    [{ subject: "QUICK IDEA FOR ACME" }, false],
    [{ subject: "Quick idea for ACME" }, true],
    [{ subject: "ROI" }, true],
    [{ body: goodBody.toUpperCase() }, false],
  ])("%o", (patch, ok) => expect(check("not_all_caps", patch)).toBe(ok));
});

describe("at_most_one_exclamation", () => {
  it.each([[{ body: `${goodBody}!` }, true], [{ body: `${goodBody}!!` }, false], [{ subject: "Hi!", body: `${goodBody}!` }, false]])("%o", (patch, ok) => {
    expect(check("at_most_one_exclamation", patch)).toBe(ok);
  });
});

describe("https_links_only", () => {
  it.each([
    [`${goodBody} https://a.com/x`, true],
    [`${goodBody} http://a.com/x`, false],
    [`${goodBody} HTTP://A.COM`, false],
    [`${goodBody} ftp://a.com/file`, false],
    [`${goodBody} www.a.com`, false],
    [`${goodBody} https://www.a.com`, true],
  ])("%#", (body, ok) => expect(check("https_links_only", { body })).toBe(ok));
});

describe("no_banned_opener", () => {
  it.each([
    [`Hi Jordan,\n\nI hope this email finds you well. ${goodBody}`, false],
    [`Hi Jordan,\nI hope you’re doing well — ${goodBody}`, false],
    [`My name is Dani and ${goodBody}`, false],
    [`Hello Jordan,\n\nJust following up on ${goodBody}`, false],
    [goodBody, true],
    [`Hi Jordan,\n\nAcme's pricing page caught my eye. ${goodBody}`, true],
  ])("%#", (body, ok) => expect(check("no_banned_opener", { body })).toBe(ok));
});

describe("no_spam_phrases", () => {
  it.each([
    [`${goodBody} Act now.`, false],
    [`${goodBody} It is 100% free.`, false],
    [`${goodBody} Results guaranteed.`, false],
    [`${goodBody} Click here`, false],
    [`${goodBody} We are the winners circle`, true], // whole words: "winners" is not "winner"
    [goodBody, true],
  ])("%#", (body, ok) => expect(check("no_spam_phrases", { body })).toBe(ok));
  it("subject too", () => expect(check("no_spam_phrases", { subject: "Urgent: quick idea" })).toBe(false));
});

describe("not_near_copy_of_rejected", () => {
  const tweaked = goodBody.replace("Hi Jordan", "Hello Jordan").replace("short call", "brief call");
  const other = "Hi Jordan,\nCompletely different message about an ROI calculator and a new pilot offer for your finance team, with specifics about pricing tiers and next steps that do not resemble the original at all.";
  it.each([
    [[fingerprint(goodBody)], false],
    [[fingerprint(tweaked)], false],
    [[fingerprint(other)], true],
    [[], true],
  ])("%#", (rejected, ok) => expect(check("not_near_copy_of_rejected", { rejectedFingerprints: rejected })).toBe(ok));
  it("similarity is symmetric and bounded", () => {
    const a = fingerprint(goodBody), b = fingerprint(other);
    expect(similarity(a, b)).toBe(similarity(b, a));
    expect(similarity(a, a)).toBe(1);
    expect(similarity(a, b)).toBeLessThan(0.3);
    expect(similarity(a, "garbage")).toBe(0);
  });
});
