// The one HTTPS client of tests and the benchmark (bench/http-client.ts answers with it, never rejecting).
import https from "node:https";
import type { TLSSocket } from "node:tls";

/** A response as tests look at it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (parsed when first read). */
  readonly json: unknown;
  /** TLS protocol of the connection, e.g. TLSv1.3. */
  protocol?: string;
}

/** Request options; `ca` trusts the app's self-signed certificate. */
export interface TestRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  ca?: string;
  /** Accepts any certificate: for readiness probes before drec's certificate exists. */
  insecure?: boolean;
  /** A keep-alive agent, or false for a new connection without TLS session reuse. */
  agent?: https.Agent | false;
  /** Gives up when the socket has been idle this long. */
  timeoutMs?: number;
  /** Abandons the request. */
  signal?: AbortSignal;
}

/** Why a request got no HTTP answer. */
export class RequestFailed extends Error {
  constructor(
    readonly reason: "timeout" | "network" | "aborted",
    cause?: unknown,
  ) {
    super(`request failed: ${reason}${cause instanceof Error ? ` (${cause.message})` : ""}`, { cause });
  }
}

/** Sends one HTTPS request and collects the whole response; rejects with RequestFailed without one. */
export function request(url: string, options: TestRequest = {}): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    let done = false;
    const fail = (reason: RequestFailed["reason"], cause?: unknown) => {
      if (done) return;
      done = true;
      reject(new RequestFailed(reason, cause));
      req.destroy();
    };
    const req = https.request(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        agent: options.agent,
        ...(options.insecure ? { rejectUnauthorized: false } : { ca: options.ca }),
      },
      (res) => {
        const protocol = (res.socket as TLSSocket).getProtocol?.() ?? undefined;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          if (done) return;
          done = true;
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            protocol,
            get json() {
              return parseJson(text);
            },
          });
        });
        res.on("error", (err) => fail("network", err));
      },
    );
    if (options.timeoutMs !== undefined) req.setTimeout(options.timeoutMs, () => fail("timeout"));
    req.on("error", (err) => fail("network", err));
    const onAbort = () => fail("aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    req.once("close", () => options.signal?.removeEventListener("abort", onAbort));
    req.end(options.body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
