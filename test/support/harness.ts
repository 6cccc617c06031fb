import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino, { type Logger } from "pino";
import { validate, type Config } from "../../src/config/config";
import type { Feature } from "../../src/feature";
import { start, type Running } from "../../src/server";
import { request, type TestRequest, type TestResponse } from "./http";

/** The ingest token every test app accepts. */
export const TEST_INGEST_TOKEN = "test-ingest-token-0123456789";

/** The database started by test/run.js; tests refuse to run without it rather than mock it. */
export function testDatabaseUri(): string {
  const uri = process.env.DREC_TEST_MONGODB_URI;
  if (!uri)
    throw new Error(
      "DREC_TEST_MONGODB_URI is not set: run tests with `npm test` or `node test/run.js <path>`",
    );
  return uri;
}

/** A fresh database name, so test files (and tests) never see each other's data. */
export function uniqueDatabaseName(prefix = "t"): string {
  return `${prefix}_${crypto.randomBytes(6).toString("hex")}`.replace(/[^\w]/g, "_").slice(0, 60);
}

/** A fresh temporary directory, removed at process exit. */
export function tempDir(prefix = "drec-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};

/** A validated config for an in-process app: loopback, port 0, test database, fresh certs, quiet logs. */
export function buildConfig(overrides: DeepPartial<Config> = {}): Config {
  const certs = tempDir("drec-certs-");
  const base = {
    server: {
      address: "127.0.0.1",
      port: 0,
      ssl: { cert: `${certs}/domain.crt`, cert_key: `${certs}/domain.key` },
    },
    // Read-your-writes: most tests read statistics right after a delivery. Tests of "stored" set it.
    ingest: { tokens: [TEST_INGEST_TOKEN], acknowledge: "applied" },
    mongodb: { uri: testDatabaseUri(), database: uniqueDatabaseName() },
    log: { level: "silent" },
  };
  return validate(merge(base, overrides));
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && prev && typeof prev === "object"
        ? merge(prev as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

/** A running in-process app plus helpers that trust its certificate. */
export interface TestApp extends Running {
  config: Config;
  /** PEM of the app's certificate, for clients that must trust it. */
  ca: string;
  /** Sends an HTTPS request to a path of the app. */
  request(pathname: string, options?: TestRequest): Promise<TestResponse>;
}

/** Starts the real app on port 0 over HTTPS with the given config overrides. */
export async function startApp(
  overrides: DeepPartial<Config> = {},
  options: { features?: Feature[]; log?: Logger } = {},
): Promise<TestApp> {
  const config = buildConfig(overrides);
  const log = options.log ?? pino({ level: "silent" });
  const running = await start(config, { log, features: options.features });
  const ca = fs.readFileSync(config.server.ssl.cert, "utf8");
  const base = `https://127.0.0.1:${running.port}`;
  return { ...running, config, ca, request: (p, o = {}) => request(`${base}${p}`, { ca, ...o }) };
}
