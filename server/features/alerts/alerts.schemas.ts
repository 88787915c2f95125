import { z } from "zod";
import { ALERT_KINDS } from "./alerts.service";

export const alertsListInput = z.object({
  cursor: z.string().max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
  kind: z.enum(ALERT_KINDS).optional(),
});

export const alertDto = z.object({
  id: z.string(), kind: z.string(), severity: z.string(), title: z.string(), text: z.string(), link: z.string(),
  buttons: z.array(z.object({ label: z.string(), url: z.string() })),
  status: z.string(), attempts: z.number(), lastError: z.string().nullable(), subjectType: z.string().nullable(), subjectId: z.string().nullable(),
  createdAt: z.string(), deliveredAt: z.string().nullable(),
});

export const alertsListOutput = z.object({
  mode: z.enum(["live", "sandbox"]),
  counts: z.object({ queued: z.number(), sent: z.number(), sandbox: z.number(), failed: z.number() }),
  nextCursor: z.string().nullable(),
  items: z.array(alertDto),
});

export const sendTestOutput = z.object({ id: z.string().nullable(), mode: z.string() });

export const incidentDto = z.object({
  id: z.string(), monitor: z.string(), scope: z.string(), status: z.string(), value: z.number().nullable(), reason: z.string(),
  openedAt: z.string(), resolvedAt: z.string().nullable(), resolvedBy: z.string().nullable(),
});

export const incidentsOutput = z.object({
  incidents: z.array(incidentDto),
  pausedDomains: z.array(z.object({ domain: z.string(), reason: z.string(), at: z.string(), by: z.string() })),
  sendingDomain: z.string(),
});

export const resolveIncidentInput = z.object({ incidentId: z.string().min(1).max(64) });
export const resolveIncidentOutput = z.object({ id: z.string(), resolved: z.boolean() });
