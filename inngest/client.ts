import { Inngest } from "inngest";
import { loopbackFetch } from "./loopback-fetch";

/**
 * The one Inngest client. Where it sends events and who invokes its functions is configured by
 * environment only (INNGEST_BASE_URL / INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY / INNGEST_DEV):
 * the local executor on one machine, Inngest Cloud or a self-hosted Inngest in production.
 *
 * `fetch`: calls to a loopback executor (events, and one step checkpoint per step) skip the WHATWG
 * fetch machinery; anything else goes to the global fetch (see loopback-fetch.ts).
 */
export const inngest = new Inngest({ id: "caio-swarm", fetch: loopbackFetch });
