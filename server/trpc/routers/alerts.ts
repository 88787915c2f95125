import { z } from "zod";
import { inngest } from "@/inngest/client";
import { alertQueued } from "@/inngest/events";
import {
  alertsListInput, alertsListOutput, incidentsOutput, resolveIncidentInput, resolveIncidentOutput, sendTestOutput,
} from "@/server/features/alerts/alerts.schemas";
import { listAlerts } from "@/server/features/alerts/alerts.service";
import { sendTestAlert } from "@/server/features/alerts/test-alert";
import { incidentOverview, resolveIncident } from "@/server/features/monitors/monitors.service";
import { approverProcedure, router, viewerProcedure } from "../init";

const wake = (alertId: string) => inngest.send(alertQueued.create({ alertId }));

export const alertsRouter = router({
  list: viewerProcedure.input(alertsListInput).output(alertsListOutput).query(({ ctx, input }) => listAlerts(ctx.db, input)),
  sendTest: approverProcedure.input(z.void()).output(sendTestOutput).mutation(({ ctx }) => sendTestAlert(ctx.db, ctx.user, wake)),
  incidents: viewerProcedure.input(z.void()).output(incidentsOutput).query(({ ctx }) => incidentOverview(ctx.db)),
  resolveIncident: approverProcedure.input(resolveIncidentInput).output(resolveIncidentOutput)
    .mutation(({ ctx, input }) => resolveIncident(ctx.db, ctx.user, input.incidentId)),
});
