// Runs a real CNCF distribution registry (Debian's docker-registry) on loopback for end-to-end tests.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { stringify } from "yaml";
import type { Credentials } from "./skopeo";

const execFileAsync = promisify(execFile);

/** The registry's config.yml as a plain object, for the `configure` hook. */
export type RegistryConfig = Record<string, unknown>;

/** How to run the registry; every notification setting can be overridden. */
export interface RegistryOptions {
  /** Notification endpoint; without it the registry sends no notifications. */
  notifyUrl?: string;
  /** Sent as `Authorization: Bearer <token>` with every notification. */
  token?: string;
  /** PEM file the registry trusts for HTTPS notification endpoints (passed as SSL_CERT_FILE). */
  caCertFile?: string;
  /** User names to create; each gets a random password. Default alice and bob. */
  users?: string[];
  /** Endpoint `timeout` (Go duration). Default 2s. */
  timeout?: string;
  /** Endpoint circuit-breaker `threshold`. Default 5. */
  threshold?: number;
  /** Endpoint `backoff` (Go duration). Default 1s. */
  backoff?: string;
  /** `notifications.events.includereferences`. Default true. */
  includeReferences?: boolean;
  /** Endpoint `ignoredmediatypes`, e.g. application/octet-stream to drop blob events. */
  ignoredMediaTypes?: string[];
  /** Endpoint `ignore.actions`. */
  ignoredActions?: string[];
  /** YAML text appended as is to the generated config.yml (a block pasted from drec's output). */
  appendYaml?: string;
  /** Last chance to change the generated config before it is written. */
  configure?: (config: RegistryConfig) => void;
  /** How long to wait for the registry to answer `GET /v2/`. Default 15 s. */
  startTimeoutMs?: number;
}

/** A running registry. */
export interface RunningRegistry {
  /** `127.0.0.1:PORT`, as used in image references. */
  url: string;
  port: number;
  /** The users created in its htpasswd file, by name. */
  users: Record<string, Credentials>;
  /** The generated config.yml. */
  configFile: string;
  /** Stops the process, waits for it to exit and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Everything the registry wrote to stdout and stderr (the tail, if it was very long). */
  logs(): string;
}

const LOG_LIMIT = 4 * 1024 * 1024;
const MAX_PORT_ATTEMPTS = 3;

/** A port that was free a moment ago; the registry may still lose a race for it, so the caller retries. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not read the bound port"))));
    });
  });
}

async function htpasswdLine(user: Credentials): Promise<string> {
  // -B: bcrypt, the only hash distribution's htpasswd auth accepts.
  const { stdout } = await execFileAsync("htpasswd", ["-Bbn", user.username, user.password]);
  return stdout.trim();
}

function buildConfig(dir: string, port: number, options: RegistryOptions): RegistryConfig {
  const config: RegistryConfig = {
    version: 0.1,
    log: { level: "info", formatter: "text" },
    storage: {
      filesystem: { rootdirectory: join(dir, "data") },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString("hex") },
    auth: { htpasswd: { realm: "drec-test", path: join(dir, "htpasswd") } },
  };
  if (options.notifyUrl) {
    const endpoint: Record<string, unknown> = {
      name: "drec",
      url: options.notifyUrl,
      headers: options.token ? { Authorization: [`Bearer ${options.token}`] } : {},
      timeout: options.timeout ?? "2s",
      threshold: options.threshold ?? 5,
      backoff: options.backoff ?? "1s",
    };
    if (options.ignoredMediaTypes) endpoint.ignoredmediatypes = options.ignoredMediaTypes;
    if (options.ignoredActions) endpoint.ignore = { actions: options.ignoredActions };
    config.notifications = {
      events: { includereferences: options.includeReferences ?? true },
      endpoints: [endpoint],
    };
  }
  options.configure?.(config);
  return config;
}

function registryEnv(caCertFile: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // REGISTRY_* variables override config.yml keys, so a stray one would change what is under test.
    if (!key.startsWith("REGISTRY_")) env[key] = value;
  }
  if (caCertFile) env.SSL_CERT_FILE = caCertFile;
  return env;
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const timer = new AbortController();
  const exited = new Promise<true>((resolve) => child.once("exit", () => resolve(true)));
  // The timeout is cancelled once the child exits, so it does not hold the event loop open for its full length.
  const timedOut = sleep(timeoutMs, false, { signal: timer.signal }).catch(() => false);
  try {
    return await Promise.race([exited, timedOut]);
  } finally {
    timer.abort();
  }
}

async function waitUntilServing(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`docker-registry exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      // Any answer counts: without credentials /v2/ answers 401.
      const response = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`docker-registry did not answer GET /v2/ on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts `docker-registry serve` on a free loopback port with filesystem storage, deletes enabled, htpasswd
 * users and (with `notifyUrl`) one notification endpoint; resolves once it answers HTTP.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "drec-registry-"));
  try {
    const users: Record<string, Credentials> = {};
    for (const username of options.users ?? ["alice", "bob"]) {
      users[username] = { username, password: randomBytes(12).toString("hex") };
    }
    const lines = await Promise.all(Object.values(users).map(htpasswdLine));
    await writeFile(join(dir, "htpasswd"), `${lines.join("\n")}\n`);

    let lastError: unknown;
    for (let attempt = 1; attempt <= MAX_PORT_ATTEMPTS; attempt++) {
      const port = await freePort();
      const configFile = join(dir, "config.yml");
      await writeFile(configFile, stringify(buildConfig(dir, port, options)) + (options.appendYaml ?? ""));

      let output = "";
      const append = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (output.length > LOG_LIMIT) output = output.slice(-LOG_LIMIT / 2);
      };
      const child = spawn("docker-registry", ["serve", configFile], {
        env: registryEnv(options.caCertFile),
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", append);
      child.stderr?.on("data", append);
      const spawnError = new Promise<never>((_, reject) => child.once("error", reject));

      let stopping: Promise<void> | undefined;
      const stop = () => {
        stopping ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            if (!(await waitForExit(child, 5_000))) {
              child.kill("SIGKILL");
              await waitForExit(child, 5_000);
            }
          }
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      };

      try {
        await Promise.race([waitUntilServing(child, port, options.startTimeoutMs ?? 15_000), spawnError]);
        return { url: `127.0.0.1:${port}`, port, users, configFile, stop, logs: () => output };
      } catch (error) {
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
        lastError = new Error(`${(error as Error).message}\n--- docker-registry output ---\n${output}`);
        // Only a lost race for the port is worth another attempt.
        if (!output.includes("address already in use")) break;
      }
    }
    throw lastError;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
