// A minimal HTTPS client for the benchmark: one request, its status, body and latency, with a timeout.
import https from "node:https";
import type { TLSSocket } from "node:tls";
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
export function send(
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
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Omit<HttpResult, "ms">) => {
      if (done) return;
      done = true;
      resolve({ ...result, ms: msSince(started) });
    };
    const req = https.request(
      {
        host: endpoint.host,
        port: endpoint.port,
        method,
        path,
        agent,
        ...(endpoint.ca === undefined ? { rejectUnauthorized: false } : { ca: endpoint.ca }),
        headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const protocol = (res.socket as TLSSocket).getProtocol?.() ?? undefined;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), protocol }),
        );
        res.on("error", () => finish({ status: 0, body: "", error: "network" }));
      },
    );
    req.setTimeout(timeoutMs, () => {
      finish({ status: 0, body: "", error: "timeout" });
      req.destroy();
    });
    req.on("error", () => finish({ status: 0, body: "", error: "network" }));
    const onAbort = () => {
      finish({ status: 0, body: "", error: "aborted" });
      req.destroy();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    req.once("close", () => signal?.removeEventListener("abort", onAbort));
    req.end(body);
  });
}
