import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@/server/db/client";
import { appUrl, env } from "@/server/env";
import * as settings from "@/server/features/settings/settings.service";
import { unsubscribeKey } from "@/server/features/suppression/suppression-keys";

/**
 * THE one place the final e-mail is put together (body + signature + compliance footer +
 * unsubscribe headers). The send path and the inbox preview both call it, so what Dani approves
 * is byte for byte what is sent (the system this replaces formatted its footer in three places).
 */
export interface ComposeInput {
  subject: string;
  body: string;
  signature: string;
  postalAddress: string;
  unsubscribeUrl: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
  /** RFC 2369 / RFC 8058 one-click unsubscribe headers, ready for the provider. */
  headers: { "List-Unsubscribe": string; "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

export function footerText(postalAddress: string, unsubscribeUrl: string): string {
  return `--\n${postalAddress}\nDon't want these e-mails? Unsubscribe: ${unsubscribeUrl}`;
}

export function composeEmail(input: ComposeInput): ComposedEmail {
  const body = input.body.trim();
  const signature = input.signature.trim();
  const footer = footerText(input.postalAddress, input.unsubscribeUrl);
  const text = `${body}\n\n${signature}\n\n${footer}\n`;
  const html = [
    paragraphs(body),
    paragraphs(signature),
    `<hr><p style="font-size:12px;color:#666">${escapeHtml(input.postalAddress)}<br>` +
      `Don't want these e-mails? <a href="${escapeHtml(input.unsubscribeUrl)}">Unsubscribe</a></p>`,
  ].join("\n");
  return {
    subject: input.subject.trim(),
    text,
    html,
    headers: { "List-Unsubscribe": `<${input.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

export function unsubscribeToken(visitorId: string, key = unsubscribeKey()): string {
  return createHmac("sha256", key).update(`unsubscribe:${visitorId}`).digest("base64url");
}

/** For the unsubscribe route: is `token` the one we issued for this contact? (constant time) */
export function verifyUnsubscribeToken(visitorId: string, token: string, key = unsubscribeKey()): boolean {
  const a = Buffer.from(unsubscribeToken(visitorId, key));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Per-contact unsubscribe link (the route at /api/unsubscribe verifies the token). */
export function unsubscribeUrl(visitorId: string): string {
  const url = new URL(appUrl("/api/unsubscribe"));
  url.searchParams.set("c", visitorId);
  url.searchParams.set("t", unsubscribeToken(visitorId));
  return url.toString();
}

/** Composes a stored draft (optionally with an approver's edited subject/body) as it will be sent. */
export async function composeDraft(db: Db, draftId: string, edited?: { subject?: string; body?: string }): Promise<ComposedEmail | null> {
  const draft = await db.draft.findUnique({ where: { id: draftId }, select: { subject: true, body: true, visitorId: true } });
  if (!draft) return null;
  return composeEmail({
    subject: edited?.subject ?? draft.subject,
    body: edited?.body ?? draft.body,
    signature: await settings.get(db, "emailSignature"),
    postalAddress: env().COMPANY_POSTAL_ADDRESS,
    unsubscribeUrl: unsubscribeUrl(draft.visitorId),
  });
}

/** The approver's edit a draft will be sent with: the latest APPROVE_EDITED review, if any. */
export async function approvedEdit(db: Db, draftId: string): Promise<{ subject?: string; body?: string } | undefined> {
  const r = await db.review.findFirst({
    where: { draftId, decision: "APPROVE_EDITED" }, orderBy: { createdAt: "desc" }, select: { editedSubject: true, editedBody: true },
  });
  return r ? { subject: r.editedSubject ?? undefined, body: r.editedBody ?? undefined } : undefined;
}

/**
 * The e-mail exactly as the send path will send it: the draft, with Dani's approved edit when there
 * is one. The send path and the inbox detail both call this, so the edit is applied in one place.
 */
export async function composeForSend(db: Db, draftId: string): Promise<ComposedEmail | null> {
  return composeDraft(db, draftId, await approvedEdit(db, draftId));
}
