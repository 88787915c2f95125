// The event sink (next-app.ts startEventSink) in a process of its own, for benchmarks: in the
// load generator's process its answers would wait behind autocannon and inflate the app's latency.
import { startEventSink } from "./next-app";

const sink = await startEventSink();
process.send!({ type: "ready", url: sink.url });
process.on("message", (m: { type: string }) => {
  if (m.type === "count") process.send!({ type: "count", received: sink.received() });
});
process.on("disconnect", () => process.exit(0));
