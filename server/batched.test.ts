import { describe, expect, it, vi } from "vitest";
import { batched } from "./batched";

/** A sendMany whose calls the test settles by hand. */
function controlledSender() {
  const calls: { events: number[]; settle: (error?: Error) => void }[] = [];
  const sendMany = (events: number[]) => new Promise<void>((resolve, reject) => {
    calls.push({ events, settle: (error) => (error ? reject(error) : resolve()) });
  });
  return { calls, sendMany };
}
const turn = () => new Promise((r) => setImmediate(r));

describe("batched (coalescing calls)", () => {
  it("sends the events queued in one turn of the event loop as one batch, in order", async () => {
    const { calls, sendMany } = controlledSender();
    const send = batched(sendMany);
    const done = [1, 2, 3].map((e) => send(e));
    expect(calls).toHaveLength(0);
    await turn();
    expect(calls.map((c) => c.events)).toEqual([[1, 2, 3]]);
    calls[0].settle();
    await expect(Promise.all(done)).resolves.toEqual([undefined, undefined, undefined]);
  });

  it("keeps one batch in flight; what arrives meanwhile goes in the next batch, not its own", async () => {
    const { calls, sendMany } = controlledSender();
    const send = batched(sendMany);
    const first = send(1);
    await turn();
    const later = [2, 3, 4].map((e) => send(e));
    await turn();
    expect(calls.map((c) => c.events)).toEqual([[1]]);
    calls[0].settle();
    await first;
    await turn();
    expect(calls.map((c) => c.events)).toEqual([[1], [2, 3, 4]]);
    calls[1].settle();
    await Promise.all(later);
    // Idle again: a lone event goes out on the next turn.
    const lone = send(5);
    await turn();
    expect(calls.map((c) => c.events)).toEqual([[1], [2, 3, 4], [5]]);
    calls[2].settle();
    await lone;
  });

  it("splits a long queue into batches of at most maxBatch", async () => {
    const { calls, sendMany } = controlledSender();
    const send = batched(sendMany, { maxBatch: 2 });
    const done = [1, 2, 3, 4, 5].map((e) => send(e));
    for (let i = 0; i < 3; i++) {
      await turn();
      calls[i].settle();
    }
    await Promise.all(done);
    expect(calls.map((c) => c.events)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("a failed batch rejects each of its callers with the error and leaves the next batch alone", async () => {
    const { calls, sendMany } = controlledSender();
    const send = batched(sendMany);
    const failed = [1, 2].map((e) => send(e));
    await turn();
    const next = send(3);
    calls[0].settle(new Error("executor unreachable"));
    const outcomes = await Promise.allSettled(failed);
    expect(outcomes.map((o) => o.status === "rejected" && (o.reason as Error).message)).toEqual(["executor unreachable", "executor unreachable"]);
    await turn();
    expect(calls[1].events).toEqual([3]);
    calls[1].settle();
    await expect(next).resolves.toBeUndefined();
  });

  it("a sendMany that throws synchronously fails its batch instead of escaping", async () => {
    const send = batched<number>(() => {
      throw new Error("bad batch");
    });
    await expect(send(1)).rejects.toThrow("bad batch");
  });
});

describe("batched with a linger time", () => {
  it("holds the first item of an idle batcher for lingerMs, so items arriving meanwhile share its batch", async () => {
    vi.useFakeTimers();
    try {
      const { calls, sendMany } = controlledSender();
      const send = batched(sendMany, { lingerMs: 20 });
      const a = send(1);
      await vi.advanceTimersByTimeAsync(10);
      const b = send(2);
      expect(calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(10);
      expect(calls.map((c) => c.events)).toEqual([[1, 2]]);
      calls[0].settle();
      await Promise.all([a, b]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a full batch goes at once, without waiting out the linger; the rest waits for its own", async () => {
    vi.useFakeTimers();
    try {
      const { calls, sendMany } = controlledSender();
      const send = batched(sendMany, { lingerMs: 1000, maxBatch: 3 });
      const done = [1, 2, 3, 4].map((e) => send(e));
      await vi.advanceTimersByTimeAsync(0);
      expect(calls.map((c) => c.events)).toEqual([[1, 2, 3]]);
      calls[0].settle();
      await vi.advanceTimersByTimeAsync(0);
      // 4 arrived while the first batch was in flight: it goes next, not after another linger.
      expect(calls.map((c) => c.events)).toEqual([[1, 2, 3], [4]]);
      calls[1].settle();
      await Promise.all(done);
      expect(calls).toHaveLength(2); // the linger timer of the first batch did not fire a second flush
      await vi.advanceTimersByTimeAsync(2000);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
