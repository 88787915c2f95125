/**
 * The worker thread behind PgSyncConnection (pg-sync.ts): one `pg` client; runs each posted
 * statement, puts the reply (tagged with the request's id) on the port, then wakes the waiting
 * thread through the shared Int32Array. Plain CommonJS source run with `eval: true`, so it needs
 * no build step and loads `pg` from the app's node_modules (path resolved by the caller).
 * Row shapes match better-sqlite3's: int8 as number, booleans as 1/0, dates and times as text.
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
const parsers = { 20: Number, 16: (v) => (v === "t" ? 1 : 0), 1114: (v) => v, 1184: (v) => v, 1082: (v) => v };
const client = new pg.Client({
  connectionString: workerData.url,
  types: { getTypeParser: (oid, format) => parsers[oid] || pg.types.getTypeParser(oid, format) },
});
const signal = new Int32Array(workerData.signal);
const port = workerData.port;
const ready = client.connect().then(() => client.query(workerData.setup));
ready.catch(() => {}); // observed here; every statement awaits it and replies with the error
let failed = null;
client.on("error", (e) => { failed = e; });
function reply(id, msg) {
  port.postMessage({ id, ...msg });
  Atomics.store(signal, 0, id);
  Atomics.notify(signal, 0);
}
parentPort.on("message", async (m) => {
  if (m.close) { try { await client.end(); } catch {} reply(m.id, { rows: [], rowCount: 0, command: "CLOSE" }); return; }
  try {
    await ready;
    if (failed) throw failed;
    const r = m.params ? await client.query({ text: m.sql, values: m.params }) : await client.query(m.sql);
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    reply(m.id, { rows: last.rows, rowCount: last.rowCount ?? 0, command: last.command });
  } catch (e) {
    reply(m.id, { error: { message: String(e && e.message), code: e && e.code, detail: e && e.detail } });
  }
});
`;
