import { describe, expect, it } from "vitest";
import { classifyReply, newText, type ReplyClass } from "./reply-classifier";

type Row = [string, string, ReplyClass, string];

// [case, body, expected class, expected rule]
const BODY_RULES: Row[] = [
  ["unsubscribe word", "Please unsubscribe me.", "UNSUBSCRIBE", "unsubscribe"],
  ["remove me", "Remove me from your list", "UNSUBSCRIBE", "remove-me"],
  ["remove my email", "kindly remove my email address", "UNSUBSCRIBE", "remove-me"],
  ["take me off", "Take me off this list please", "UNSUBSCRIBE", "take-me-off"],
  ["stop emailing", "Stop emailing me.", "UNSUBSCRIBE", "stop-contacting"],
  ["stop contacting", "please stop contacting us", "UNSUBSCRIBE", "stop-contacting"],
  ["don't email me (curly apostrophe)", "Don\u2019t email me again", "UNSUBSCRIBE", "do-not-contact"],
  ["opt out", "I'd like to opt out", "UNSUBSCRIBE", "opt-out"],
  ["bare STOP", "STOP", "UNSUBSCRIBE", "bare-stop"],
  ["out of office phrase", "I am out of the office until Monday.", "OUT_OF_OFFICE", "ooo-out-of-office"],
  ["on vacation", "Hi, I'm on vacation this week.", "OUT_OF_OFFICE", "ooo-away"],
  ["limited access", "I have limited access to email.", "OUT_OF_OFFICE", "ooo-limited-access"],
  ["returning", "I'll be back on the 3rd.", "OUT_OF_OFFICE", "ooo-returning"],
  ["automatic reply text", "This is an automatic reply.", "OUT_OF_OFFICE", "ooo-auto-reply"],
  ["not interested", "We're not interested.", "NEGATIVE", "not-interested"],
  ["not really interested", "Honestly not really interested", "NEGATIVE", "not-interested"],
  ["uninterested", "uninterested, sorry", "NEGATIVE", "not-interested"],
  ["no thanks", "No thanks.", "NEGATIVE", "no-thanks"],
  ["no, thank you", "No, thank you", "NEGATIVE", "no-thanks"],
  ["not a fit", "Not a good fit for us", "NEGATIVE", "not-a-fit"],
  ["all set", "We're all set on this front.", "NEGATIVE", "all-set"],
  ["already have", "We already have a vendor for that", "NEGATIVE", "all-set"],
  ["not looking", "We are not looking for this now", "NEGATIVE", "not-looking"],
  ["let's talk", "Let's talk next week.", "POSITIVE", "lets-talk"],
  ["book a call", "Happy to book a call — Tuesday?", "POSITIVE", "book-a-call"],
  ["schedule a demo", "Can we schedule a demo?", "POSITIVE", "book-a-call"],
  ["interested", "Interested. What does pricing look like?", "POSITIVE", "interested"],
  ["send me more", "Send me more info", "POSITIVE", "send-more"],
  ["tell me more", "Tell me more", "POSITIVE", "send-more"],
  ["availability", "Sounds good, what time works?", "POSITIVE", "availability"],
  ["neutral question", "Who are you and how did you get my address?", "NEUTRAL", "default"],
  ["neutral forward", "Forwarding to my colleague.", "NEUTRAL", "default"],
  ["empty", "", "NEUTRAL", "default"],
  // Traps: the order decides.
  ["TRAP deferral: negative beats positive", "Not interested right now but let's talk in Q3", "NEGATIVE", "not-interested"],
  ["TRAP unsubscribe beats positive", "Interested? No. Unsubscribe me.", "UNSUBSCRIBE", "unsubscribe"],
  ["TRAP unsubscribe beats negative", "Not interested, remove me", "UNSUBSCRIBE", "remove-me"],
  ["TRAP OOO beats positive", "I'm on vacation; happy to chat when I'm back", "OUT_OF_OFFICE", "ooo-away"],
  ["TRAP negated interest is not positive", "We are no longer interested", "NEGATIVE", "not-interested"],
  ["TRAP 'stop' inside a sentence is not an opt-out", "Could you stop by our booth? Let's talk.", "POSITIVE", "lets-talk"],
];

describe("classifyReply: body rules (table)", () => {
  it.each(BODY_RULES)("%s", (_, body, classification, rule) => {
    expect(classifyReply({ body })).toEqual({ classification, rule });
  });
});

describe("classifyReply: headers and subject", () => {
  it.each([
    [{ "Auto-Submitted": "auto-replied" }, "ooo-header:auto-submitted"],
    [{ "auto-submitted": "auto-generated" }, "ooo-header:auto-submitted"],
    [{ "X-Autoreply": "yes" }, "ooo-header:x-autoreply"],
    [{ "X-Autorespond": "Out of office" }, "ooo-header:x-autorespond"],
    [{ Precedence: "auto_reply" }, "ooo-header:precedence"],
  ])("auto-reply header %o -> OUT_OF_OFFICE even when the body sounds positive", (headers, rule) => {
    expect(classifyReply({ body: "Interested? I will reply soon.", headers })).toEqual({ classification: "OUT_OF_OFFICE", rule });
  });

  it("Auto-Submitted: no is a human message", () => {
    expect(classifyReply({ body: "Let's talk", headers: { "Auto-Submitted": "no" } }).classification).toBe("POSITIVE");
  });

  it.each(["Automatic reply: Quick question", "Out of Office: Re: hello", "Auto-Reply: your message"])("subject %s -> OUT_OF_OFFICE", (subject) => {
    expect(classifyReply({ body: "Thanks for your message.", subject })).toEqual({ classification: "OUT_OF_OFFICE", rule: "ooo-subject" });
  });

  it("subject STOP -> UNSUBSCRIBE", () => {
    expect(classifyReply({ body: "", subject: "STOP" })).toEqual({ classification: "UNSUBSCRIBE", rule: "subject-unsubscribe" });
  });

  it("unsubscribe beats an auto-reply header", () => {
    expect(classifyReply({ body: "unsubscribe", headers: { "Auto-Submitted": "auto-replied" } }).classification).toBe("UNSUBSCRIBE");
  });
});

describe("quoted history is ignored", () => {
  const ours = "Would a short call next week be useful?\n\nTo unsubscribe click here.";
  it.each([
    ["On ... wrote:", `Sounds good, what time works?\n\nOn Tue, Nov 24, 2026 at 9:00 AM Sam <sam@caio.example> wrote:\n${ours}`, "POSITIVE"],
    ["> quoted lines", `Who is this?\n> ${ours.replace(/\n/g, "\n> ")}`, "NEUTRAL"],
    ["Original Message", `No thanks.\n-----Original Message-----\n${ours}`, "NEGATIVE"],
    ["From: header block", `Who is this?\nFrom: Sam <sam@caio.example>\nSent: Tuesday\n${ours}`, "NEUTRAL"],
  ])("%s: our footer's 'unsubscribe' does not count", (_, body, expected) => {
    expect(classifyReply({ body }).classification).toBe(expected);
  });

  it("newText keeps only the new part", () => {
    expect(newText("Hi\r\nthere\r\n> old\r\nOn Mon, X wrote:\r\nold")).toBe("Hi\nthere");
  });
});
