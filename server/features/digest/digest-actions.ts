import type { Db } from "@/server/db/client";
import { notFound, preconditionFailed } from "@/server/domain/errors";
import type { Actor } from "@/server/domain/roles";
import { record } from "@/server/features/audit/audit.service";
import { reviewFlag } from "@/server/features/learning/learning.service";
import { openIncidents, resolveIncident } from "@/server/features/monitors/monitors.service";
import { killSwitches, setKillSwitch } from "@/server/features/settings/settings.service";
import type { ActionPayload } from "./action-links";

/** What a link does, in words, for its confirmation page. */
export async function describeAction(db: Db, p: ActionPayload): Promise<{ title: string; effect: string }> {
  switch (p.act) {
    case "RESUME_SENDING":
      return { title: "Resume sending", effect: "Turns PAUSE_ALL_SENDS off and closes the open reply-rate / domain-health incidents. Approved e-mails start going out again." };
    case "RESUME_DOMAIN":
      return { title: `Resume sending domain ${p.p.domain ?? ""}`.trim(), effect: "Closes the sending-domain incident and lifts the domain's pause." };
    case "UNFLAG_TEMPLATE":
    case "PAUSE_TEMPLATE": {
      const t = await db.template.findUnique({ where: { id: p.p.templateId ?? "" }, select: { name: true } });
      const name = t ? `"${t.name}"` : "(template no longer exists)";
      return p.act === "UNFLAG_TEMPLATE"
        ? { title: `Un-flag template ${name}`, effect: "Clears the negative-outcome flag: the template returns to rotation." }
        : { title: `Pause template ${name}`, effect: "Takes the template out of rotation (inactive) until someone turns it back on." };
    }
  }
}

/** Carries out a confirmed link's action as the approver who confirmed it; each path is audited. */
export async function performAction(db: Db, actor: Pick<Actor, "id" | "name">, p: ActionPayload): Promise<string> {
  switch (p.act) {
    case "RESUME_SENDING": {
      for (const i of await openIncidents(db)) {
        if (i.monitor !== "sending-domain") await resolveIncident(db, actor, i.id, { via: "digest link" });
      }
      if ((await killSwitches(db)).PAUSE_ALL_SENDS.on) await setKillSwitch(db, actor, "PAUSE_ALL_SENDS", false);
      const still = (await killSwitches(db)).PAUSE_ALL_SENDS;
      return still.on ? "Incidents closed, but PAUSE_ALL_SENDS is forced on by the environment." : "Sending resumed.";
    }
    case "RESUME_DOMAIN": {
      const id = p.p.incidentId ?? "";
      const open = (await openIncidents(db)).find((i) => i.id === id);
      if (!open) throw preconditionFailed("That domain pause was already lifted.");
      await resolveIncident(db, actor, id, { via: "digest link" });
      return `Sending domain ${open.scope} resumed.`;
    }
    case "UNFLAG_TEMPLATE":
    case "PAUSE_TEMPLATE": {
      const templateId = p.p.templateId ?? "";
      const t = await db.template.findUnique({ where: { id: templateId }, select: { id: true, name: true, flaggedAt: true, active: true } });
      if (!t) throw notFound("Template");
      if (p.act === "UNFLAG_TEMPLATE") {
        if (!t.flaggedAt) throw preconditionFailed("That template is no longer flagged.");
        // The learner's review path: records the review so the flag rule counts only newer sends
        // (clearing the flag alone would let the next learning pass flag it again on old evidence).
        await reviewFlag(db, actor, { templateId: t.id, note: `via digest link ${p.jti}` });
        return `"${t.name}" is back in rotation.`;
      } else {
        if (!t.active) throw preconditionFailed("That template is already paused.");
        await db.template.update({ where: { id: t.id }, data: { active: false }, select: { id: true } });
      }
      await record(db, {
        actorType: "USER", actorId: actor.id, action: "template.pause", decision: "INFO", riskLevel: "MEDIUM",
        subjectType: "template", subjectId: t.id, evidence: { via: "digest link", jti: p.jti },
      });
      return `"${t.name}" is paused.`;
    }
  }
}
