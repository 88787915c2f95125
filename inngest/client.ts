import { Inngest } from "inngest";

/**
 * The one Inngest client. Where it sends events and who invokes its functions is configured by
 * environment only (INNGEST_BASE_URL / INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY / INNGEST_DEV):
 * the local executor on one machine, Inngest Cloud or a self-hosted Inngest in production.
 */
export const inngest = new Inngest({ id: "caio-swarm" });
