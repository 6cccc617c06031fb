// The benchmark's view of test/support's HTTPS client: one request, its status, body and latency, with a
// timeout, never rejecting.
import https from "node:https";
import { request, RequestFailed } from "../test/support/http";
import { msSince } from "./stats";

/** Where drec listens and the certificate to trust. */
export interface Endpoint {
  host: string;
  port: number;
  /** PEM of drec's (self-signed) certificate; without it the certificate is not verified (readiness only). */
  ca?: string;
}

/** The outcome of one request; `status` 0 means no HTTP answer (see `error`). */
export interface HttpResult {
  status: number;
  body: string;
  ms: number;
  error?: "timeout" | "network" | "aborted";
  /** TLS protocol of the connection, e.g. TLSv1.3. */
  protocol?: string;
}

/** Connection modes: a new TLS connection per request, or reused keep-alive connections. */
export type ConnectionMode = "fresh" | "keep-alive";

/**
 * A keep-alive agent for up to `sockets` parallel connections, or `false` for fresh mode: Node then
 * opens a new connection per request with no TLS session reuse, like distribution's Go client (its
 * tls.Config has no ClientSessionCache, so every connection is a full handshake).
 */
export function agentFor(mode: ConnectionMode, endpoint: Endpoint, sockets: number): https.Agent | false {
  if (mode === "fresh") return false;
  return new https.Agent({
    keepAlive: true,
    maxSockets: sockets,
    ...(endpoint.ca ? { ca: endpoint.ca } : {}),
  });
}

/** Sends one request and resolves with its outcome; never rejects. `signal` abandons it. */
export async function send(
  endpoint: Endpoint,
  agent: https.Agent | false,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpResult> {
  const started = process.hrtime.bigint();
  try {
    const res = await request(`https://${endpoint.host}:${endpoint.port}${path}`, {
      method,
      headers:
        body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      body,
      agent,
      ...(endpoint.ca === undefined ? { insecure: true } : { ca: endpoint.ca }),
      timeoutMs,
      signal,
    });
    return { status: res.status, body: res.text, protocol: res.protocol, ms: msSince(started) };
  } catch (err) {
    const error = err instanceof RequestFailed ? err.reason : "network";
    return { status: 0, body: "", error, ms: msSince(started) };
  }
}
