import { joinUnder } from "@/server/http/url";
import type { SlackMessage } from "./slack.types";

export interface AlertForSlack {
  kind: string;
  severity: string;
  title: string;
  text: string;
  /** Path into the dashboard, e.g. /inbox/abc. */
  link: string;
  buttons: { label: string; url: string }[];
  createdAt: Date;
}

const ICON: Record<string, string> = { CRITICAL: ":rotating_light:", WARNING: ":warning:", INFO: ":information_source:" };

/** Slack mrkdwn treats &, < and > as control characters; everything we interpolate is escaped. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Block Kit for one alert: a header, the text, a context line and buttons, the first one opening
 * the dashboard at the alert's subject. Slack limits: header 150 chars, section text 3000, 25
 * actions elements, button text 75 chars; we stay under each.
 */
export function buildAlertMessage(a: AlertForSlack, baseUrl: string): SlackMessage {
  const url = joinUnder(baseUrl, a.link);
  const title = `${ICON[a.severity] ?? ""} ${a.title}`.trim().slice(0, 150);
  const buttons = [{ label: "Open in dashboard", url }, ...a.buttons.map((b) => ({ label: b.label, url: joinUnder(baseUrl, b.url) }))].slice(0, 25);
  return {
    text: `${a.title}: ${a.text}`.slice(0, 3000),
    blocks: [
      { type: "header", text: { type: "plain_text", text: title, emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(a.text).slice(0, 3000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(`${a.kind.toLowerCase().replace(/_/g, " ")} · ${a.severity.toLowerCase()} · ${a.createdAt.toISOString()}`) }] },
      {
        type: "actions",
        elements: buttons.map((b, i) => ({
          type: "button", text: { type: "plain_text", text: b.label.slice(0, 75) }, url: b.url, action_id: `link-${i}`,
          ...(i === 0 ? { style: "primary" } : {}),
        })),
      },
    ],
  };
}
