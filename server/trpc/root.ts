import { createCallerFactory, router } from "./init";
import { alertsRouter } from "./routers/alerts";
import { approvalsRouter } from "./routers/approvals";
import { auditRouter } from "./routers/audit";
import { digestRouter } from "./routers/digest";
import { healthRouter } from "./routers/health";
import { meRouter } from "./routers/me";
import { metricsRouter } from "./routers/metrics";
import { phasesRouter } from "./routers/phases";
import { runsRouter } from "./routers/runs";
import { pipelineRouter } from "./routers/pipeline";
import { qualityRouter } from "./routers/quality";
import { settingsRouter } from "./routers/settings";
import { templatesRouter } from "./routers/templates";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  alerts: alertsRouter,
  approvals: approvalsRouter,
  audit: auditRouter,
  digest: digestRouter,
  health: healthRouter,
  me: meRouter,
  metrics: metricsRouter,
  phases: phasesRouter,
  runs: runsRouter,
  pipeline: pipelineRouter,
  quality: qualityRouter,
  settings: settingsRouter,
  templates: templatesRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
