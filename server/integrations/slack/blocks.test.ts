import { describe, expect, it } from "vitest";
import { buildAlertMessage, escapeMrkdwn } from "./blocks";
import { parseRetryAfter } from "./slack.client";

describe("buildAlertMessage", () => {
  const alert = {
    kind: "HOT_LEAD", severity: "WARNING", title: "HOT lead waiting for review", text: "VP <Sales> at A&B", link: "/inbox/d1",
    buttons: [{ label: "Resume sending", url: "/api/digest/link?token=abc.def" }], createdAt: new Date("2026-11-24T10:00:00Z"),
  };

  it("Block Kit: header, escaped text, context and buttons whose first one opens the dashboard", () => {
    const m = buildAlertMessage(alert, "https://caio.example.com");
    expect(m.text).toBe("HOT lead waiting for review: VP <Sales> at A&B");
    expect(m.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect((m.blocks[1] as { text: { text: string } }).text.text).toBe("VP &lt;Sales&gt; at A&amp;B");
    const buttons = (m.blocks[3] as { elements: { url: string; style?: string }[] }).elements;
    expect(buttons.map((b) => b.url)).toEqual(["https://caio.example.com/inbox/d1", "https://caio.example.com/api/digest/link?token=abc.def"]);
    expect(buttons[0].style).toBe("primary");
  });

  it("keeps a base path and stays within Slack's limits", () => {
    const long = { ...alert, title: "x".repeat(400), text: "y".repeat(5000), buttons: Array.from({ length: 40 }, (_, i) => ({ label: "z".repeat(100), url: `/b/${i}` })) };
    const m = buildAlertMessage(long, "https://host.example/app");
    const header = m.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect((m.blocks[1] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
    const buttons = (m.blocks[3] as { elements: { url: string; text: { text: string } }[] }).elements;
    expect(buttons).toHaveLength(25);
    expect(buttons[0].url).toBe("https://host.example/app/inbox/d1");
    expect(buttons.every((b) => b.text.text.length <= 75)).toBe(true);
  });

  it("escapes Slack's control characters only", () => {
    expect(escapeMrkdwn("a < b & c > d *bold*")).toBe("a &lt; b &amp; c &gt; d *bold*");
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  it.each([
    ["3", 3000],
    ["0", 1000], // at least a second
    [null, 30_000], // missing: the default
    ["soon", 30_000],
    ["86400", 15 * 60_000], // capped
    ["Tue, 24 Nov 2026 10:00:20 GMT", 20_000], // HTTP date
  ])("%s -> %i ms", (v, ms) => {
    expect(parseRetryAfter(v, now)).toBe(ms);
  });
});
