import { createHash } from "node:crypto";
import type { Db } from "@/server/db/client";
import type { GhlClient } from "./ghl.types";

/**
 * Sandbox GHL: same interface, nothing leaves the machine. E-mails land in SandboxOutbox (one row
 * per send id, so a repeated write is not a second e-mail), visible in the dashboard.
 */
export function createSandboxGhl(db: Db): GhlClient {
  return {
    mode: "SANDBOX",
    async upsertContact(input) {
      return { contactId: `sandbox-contact-${createHash("sha256").update(input.email.toLowerCase()).digest("hex").slice(0, 20)}` };
    },
    async sendEmail(input) {
      await db.sandboxOutbox.upsert({
        where: { sendId: input.sendId },
        create: { sendId: input.sendId, toAddress: input.emailTo, subject: input.subject, html: input.html, headers: JSON.stringify(input.headers) },
        update: {},
      });
      return { messageId: `sandbox-${input.sendId}` };
    },
    async updateCustomFields() {},
    async findSentMessage(sendId) {
      const row = await db.sandboxOutbox.findUnique({ where: { sendId }, select: { sendId: true } });
      return row ? { messageId: `sandbox-${row.sendId}` } : null;
    },
  };
}
