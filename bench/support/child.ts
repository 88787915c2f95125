import { fork, type ChildProcess, type ForkOptions } from "node:child_process";
import path from "node:path";

export type Message = Record<string, unknown>;

/**
 * A bench helper process (bench/support/NAME.ts, run with tsx) that talks over IPC: it sends
 * `{type: "ready", ...}` once listening and answers `{type: X}` requests with `{type: X, ...}`.
 */
export interface ChildHelper {
  child: ChildProcess;
  ready: Message;
  /** Sends `{type}` and resolves with the child's reply of the same type. */
  ask(type: string): Promise<Message>;
}

export async function forkHelper(file: string, opts: ForkOptions = {}): Promise<ChildHelper> {
  const child = fork(path.join(import.meta.dirname, file), { ...opts, execArgv: ["--import", "tsx", ...(opts.execArgv ?? [])] });
  const next = (type: string) => new Promise<Message>((resolve, reject) => {
    const on = (m: Message) => {
      if (m.type !== type) return;
      child.off("message", on);
      child.off("exit", exited);
      resolve(m);
    };
    const exited = (code: number | null) => reject(new Error(`${file} exited (${code}) before answering ${type}`));
    child.on("message", on);
    child.once("exit", exited);
  });
  const ready = await next("ready");
  return {
    child,
    ready,
    ask(type) {
      const reply = next(type);
      child.send({ type });
      return reply;
    },
  };
}
