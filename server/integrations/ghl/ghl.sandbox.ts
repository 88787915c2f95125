import { createHash } from "node:crypto";
import { ulid } from "@/server/db/ulid";
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
      // One write statement, not an upsert (read then write): with several processes on one SQLite
      // file the upsert's implicit transaction timed out (P1008) under a concurrent send claim and the
      // send was left with an unknown outcome. A plain INSERT waits on the busy timeout instead.
      const at = new Date().toISOString().replace("Z", "+00:00");
      await db.$executeRaw`
        INSERT INTO "SandboxOutbox" ("id", "sendId", "toAddress", "subject", "html", "headers", "createdAt")
        VALUES (${ulid()}, ${input.sendId}, ${input.emailTo}, ${input.subject}, ${input.html}, ${JSON.stringify(input.headers)}, ${at})
        ON CONFLICT ("sendId") DO NOTHING`;
      return { messageId: `sandbox-${input.sendId}` };
    },
    async updateCustomFields(contactId, fields) {
      // Recorded (one row per write) so the dashboard can show what would have reached GHL.
      await db.sandboxCrmWrite.create({ data: { contactId, fields: JSON.stringify(fields) }, select: { id: true } });
    },
    async findSentMessage(sendId) {
      const row = await db.sandboxOutbox.findUnique({ where: { sendId }, select: { sendId: true } });
      return row ? { messageId: `sandbox-${row.sendId}` } : null;
    },
  };
}
