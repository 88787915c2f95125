// A stand-in for the app/executor under scripts/serve.ts (server/launcher-link.test.ts): links to
// its launcher, reports its pid, says how it stopped, and otherwise idles like a server.
import { appendFileSync } from "node:fs";
import { exitWithLauncher } from "@/server/launcher-link";

const report = process.argv[2];
process.on("SIGTERM", () => {
  appendFileSync(report, "SIGTERM\n");
  process.exit(0);
});
exitWithLauncher();
appendFileSync(report, `pid ${process.pid}\n`);
setInterval(() => {}, 1000);
