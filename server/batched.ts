/**
 * Coalesces single calls into batches: `call(item)` resolves once the batch holding the item was
 * handled by `handleMany`, and rejects with the batch's error otherwise. Items queued while a
 * batch is being handled go together in the next one (at most `maxBatch` each), so under load N
 * webhooks cost one `inngest.send` (and one executor commit) instead of N. One batch is in flight
 * at a time, as in the executor's own group commit (inngest/executor/worker.ts).
 *
 * `lingerMs`: how long the first item of an idle batcher waits for company (default 0: the
 * current turn of the event loop). Worth it only where nobody waits for the answer, e.g. events
 * sent after the HTTP response; a full batch (`maxBatch`) goes at once.
 *
 * Validate each item before it is queued (e.g. build the event with `visitorIdentified.create`),
 * so a bad item fails its own caller and never the batch it would have joined.
 */
export function batched<E>(handleMany: (items: E[]) => unknown, opts: { maxBatch?: number; lingerMs?: number } = {}): (item: E) => Promise<void> {
  const maxBatch = opts.maxBatch ?? 100;
  const lingerMs = opts.lingerMs ?? 0;
  let queue: { item: E; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let flushing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await handleMany(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    flushing = false;
  };

  const kick = () => {
    if (!flushing) void flush();
  };

  return (item) => new Promise<void>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    if (flushing) return; // the running flush takes it with the next batch
    if (queue.length >= maxBatch) kick();
    else if (queue.length === 1) {
      if (lingerMs > 0) timer = setTimeout(kick, lingerMs);
      else setImmediate(kick);
    }
  });
}
