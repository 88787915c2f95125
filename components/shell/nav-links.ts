export const NAV_LINKS = [
  { href: "/inbox", label: "Inbox" },
  { href: "/outbox", label: "Outbox" },
  { href: "/call-prep", label: "Call prep" },
  { href: "/scorecards", label: "Scorecards" },
  { href: "/phases", label: "Phases" },
  { href: "/templates", label: "Templates" },
  { href: "/learnings", label: "Learnings" },
  { href: "/alerts", label: "Alerts" },
  { href: "/digest", label: "Digest" },
  { href: "/audit", label: "Audit" },
  { href: "/runs", label: "Runs", adminOnly: true },
  { href: "/settings", label: "Settings" },
] as const;
