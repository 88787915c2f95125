import http from "node:http";
import https from "node:https";

/**
 * Keep-alive for the executor ↔ app calls. A pooled socket is dropped after IDLE_SOCKET_MS idle,
 * below Node's server default (keepAliveTimeout 5 s, also the `Keep-Alive: timeout=5` hint), so the
 * client does not write a request into a socket the server is closing at that moment. Should it
 * still happen, the request fails with ECONNRESET on a reused socket before any answer: it never
 * reached the server, and (as Node's documentation advises) it is sent once more on a fresh socket.
 * Seen in CI: a send-approved call lost this way waited for the executor's retry backoff instead.
 */
export const IDLE_SOCKET_MS = 4_000;

export function keepAliveAgent(protocol: "http:" | "https:"): http.Agent {
  const options = { keepAlive: true, maxSockets: 64, timeout: IDLE_SOCKET_MS };
  return protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
}

/** The request failed on a pooled socket the server had closed, before any answer: safe to send again. */
export function lostToIdleClose(req: http.ClientRequest, e: unknown): boolean {
  return req.reusedSocket && (e as NodeJS.ErrnoException | undefined)?.code === "ECONNRESET";
}
