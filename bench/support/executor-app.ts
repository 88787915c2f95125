// The app side of the executor benchmark, in its own process as in production (the app and the
// executor are separate processes): the real SDK handler (inngest/serve.ts) on node:http, serving
// the benchmark's functions. It reports how long the SDK handler took for each call (IPC "stats").
import { Inngest } from "inngest";
import { createInngestHandler } from "@/inngest/serve";
import { loopbackFetch } from "@/inngest/loopback-fetch";
import { hostApp, type Handlers } from "@/inngest/executor/testing/app-host";
import { CHAIN_STEPS, STEPS_PER_RUN, work } from "./work";

const keys = JSON.parse(process.env.BENCH_KEYS ?? "{}") as { signingKey: string; eventKey: string };
const noop = () => undefined;
const client = new Inngest({ id: "bench", baseUrl: process.env.BENCH_EXECUTOR_URL, ...keys, isDev: false, fetch: loopbackFetch, logger: { info: noop, warn: noop, error: noop, debug: noop } });
const chain = client.createFunction({ id: "chain", triggers: [{ event: "bench/chain" }] }, async ({ step }) => {
  for (let i = 0; i < CHAIN_STEPS; i++) await step.run(`s${i}`, () => work(i));
});
const fan = client.createFunction({ id: "fan", triggers: [{ event: "bench/fan" }] }, async ({ step }) => {
  for (let i = 0; i < STEPS_PER_RUN; i++) await step.run(`s${i}`, () => work(i));
});

let handlerMs: number[] = [];
let cpu = process.cpuUsage();
const h = createInngestHandler([chain, fan], client) as unknown as Handlers;
const app = await hostApp();
app.setHandlers({
  GET: h.GET,
  PUT: h.PUT,
  async POST(req) {
    const t0 = performance.now();
    const res = await h.POST(req);
    handlerMs.push(performance.now() - t0);
    return res;
  },
});
process.on("message", (m: { type: string }) => {
  if (m.type === "stats") {
    const used = process.cpuUsage(cpu);
    process.send!({ type: "stats", handlerMs, cpuMs: (used.user + used.system) / 1000 });
    handlerMs = [];
    cpu = process.cpuUsage();
  } else if (m.type === "stop") void app.close().then(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0)); // the benchmark ended (or died): do not linger
process.send!({ type: "ready", url: app.url });
