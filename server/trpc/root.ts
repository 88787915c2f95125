import { createCallerFactory, router } from "./init";
import { alertsRouter } from "./routers/alerts";
import { approvalsRouter } from "./routers/approvals";
import { auditRouter } from "./routers/audit";
import { callPrepRouter } from "./routers/call-prep";
import { digestRouter } from "./routers/digest";
import { healthRouter } from "./routers/health";
import { learningRouter } from "./routers/learning";
import { meRouter } from "./routers/me";
import { metricsRouter } from "./routers/metrics";
import { outcomesRouter } from "./routers/outcomes";
import { phasesRouter } from "./routers/phases";
import { runsRouter } from "./routers/runs";
import { pipelineRouter } from "./routers/pipeline";
import { privacyRouter } from "./routers/privacy";
import { qualityRouter } from "./routers/quality";
import { settingsRouter } from "./routers/settings";
import { templatesRouter } from "./routers/templates";
import { usersRouter } from "./routers/users";

export const appRouter = router({
  alerts: alertsRouter,
  approvals: approvalsRouter,
  audit: auditRouter,
  callPrep: callPrepRouter,
  digest: digestRouter,
  health: healthRouter,
  learning: learningRouter,
  me: meRouter,
  metrics: metricsRouter,
  outcomes: outcomesRouter,
  phases: phasesRouter,
  runs: runsRouter,
  pipeline: pipelineRouter,
  privacy: privacyRouter,
  quality: qualityRouter,
  settings: settingsRouter,
  templates: templatesRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
