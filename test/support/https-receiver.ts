// A minimal HTTPS notification endpoint with a self-signed certificate, used to prove the registry harness.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

/** The parts of a distribution notification event the tests look at. */
export interface RegistryEvent {
  id: string;
  timestamp: string;
  action: string;
  target: {
    mediaType?: string;
    digest?: string;
    size?: number;
    length?: number;
    repository?: string;
    url?: string;
    tag?: string;
    references?: { mediaType: string; digest: string; size: number }[];
  };
  request?: { id?: string; addr?: string; host?: string; method?: string; useragent?: string };
  actor?: { name?: string };
  source?: { addr?: string; instanceID?: string };
}

/** One POST as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
  /** The parsed `events` array, or empty when the body was not an envelope. */
  events: RegistryEvent[];
  receivedAt: Date;
}

/** Options for startHttpsReceiver. */
export interface HttpsReceiverOptions {
  /** The status to answer each request with; default 200. Lets a test make deliveries fail. */
  respond?: (request: ReceivedRequest) => number;
}

/** A running receiver. */
export interface HttpsReceiver {
  /** `https://127.0.0.1:PORT/events`. */
  url: string;
  /** PEM file of the self-signed certificate, for the registry's SSL_CERT_FILE. */
  certFile: string;
  /** Every request received, in arrival order. */
  requests: ReceivedRequest[];
  /** Every event of every request, in arrival order. */
  events(): RegistryEvent[];
  /** Stops listening, drops open connections and removes the certificate. */
  close(): Promise<void>;
}

function parseEvents(body: string): RegistryEvent[] {
  try {
    const envelope = JSON.parse(body) as { events?: unknown };
    return Array.isArray(envelope.events) ? (envelope.events as RegistryEvent[]) : [];
  } catch {
    return [];
  }
}

/** Starts an HTTPS server on a free loopback port that records the notification envelopes posted to it. */
export async function startHttpsReceiver(options: HttpsReceiverOptions = {}): Promise<HttpsReceiver> {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), "drec-receiver-"));
  const certFile = join(dir, "cert.pem");
  await writeFile(certFile, pems.cert);

  const requests: ReceivedRequest[] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const received: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        authorization: req.headers.authorization,
        body,
        events: parseEvents(body),
        receivedAt: new Date(),
      };
      requests.push(received);
      res.writeHead(options.respond ? options.respond(received) : 200).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}/events`,
    certFile,
    requests,
    events: () => requests.flatMap((request) => request.events),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
