// Runs drec as a real child process (the CLI), so tests can SIGKILL it mid-stream and start it again.
// The benchmark's launcher (bench/drec-process.ts) builds on launchDrec() too: one way to spawn drec,
// watch its output and exit, wait for /readyz and stop it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "./http";
import { tempDir } from "./harness";

const CLI = path.resolve(__dirname, "../../src/cli.js");

// A soak runs for hours: keep only the end of what drec prints (the start-up lines tests look for are
// far inside this).
const OUTPUT_LIMIT = 1024 * 1024;

/** How to spawn drec. */
export interface LaunchOptions {
  /** Arguments after cli.js (e.g. a config file). */
  args?: string[];
  /** Node flags before cli.js. */
  nodeFlags?: string[];
  cwd: string;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** Where drec listens, e.g. https://127.0.0.1:8443. */
  url: string;
  /** Its certificate (drec generates it at first start); /readyz is probed trusting it once it exists. */
  certFile: string;
  readyTimeoutMs: number;
}

/** One drec child process, ready. */
export interface DrecChild {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** Why the process ended, once it has; undefined while it runs. */
  exitReason(): string | undefined;
  /** The end of what it printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` if given (0: SIGKILL at once); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Spawns `node dist/src/cli.js` and waits until /readyz answers 200; kills it if it never gets there. */
export async function launchDrec(options: LaunchOptions): Promise<DrecChild> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), CLI, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let reason: string | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => {
      reason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve(code);
    }),
  );
  // Until the certificate exists nothing can be trusted, so readiness waits for it first.
  const ready = async () => {
    if (!fs.existsSync(options.certFile)) return false;
    const ca = fs.readFileSync(options.certFile, "utf8");
    return (await request(`${options.url}/readyz`, { ca, timeoutMs: 2000 })).status === 200;
  };
  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (reason) throw new Error(`drec ${reason} before it was ready:\n${output.slice(-3000)}`);
    if (await ready().catch(() => false)) break;
    if (Date.now() >= deadline) {
      child.kill("SIGKILL");
      throw new Error(`drec was not ready within ${options.readyTimeoutMs} ms:\n${output.slice(-3000)}`);
    }
    await sleep(200);
  }
  const stop = async (graceMs?: number) => {
    if (reason) return exited;
    child.kill(graceMs === 0 ? "SIGKILL" : "SIGTERM");
    // drec finishes in-flight requests and background writes first; a caller that cannot wait that
    // long gives a grace period.
    const timer = graceMs ? setTimeout(() => child.kill("SIGKILL"), graceMs) : undefined;
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { child, exited, exitReason: () => reason, output: () => output, stop };
}

/** A drec child process and how to reach it. */
export interface DrecProcess {
  url: string;
  /** PEM of its certificate (generated at first start in its own certs dir). */
  ca: string;
  certFile: string;
  /** Everything it printed. */
  output(): string;
  /** SIGKILL: no graceful shutdown, in-flight requests die. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node dist/src/cli.js` with DREC_ variables and waits until /readyz answers 200. */
export async function startDrecProcess(env: Record<string, string>, port: number): Promise<DrecProcess> {
  const cwd = env.DREC_TEST_CWD ?? tempDir("drec-proc-");
  const url = `https://127.0.0.1:${port}`;
  const certFile = path.resolve(cwd, env.DREC_SERVER_SSL_CERT ?? "certs/domain.crt");
  const drec = await launchDrec({
    cwd,
    env: {
      PATH: process.env.PATH,
      DREC_SERVER_ADDRESS: "127.0.0.1",
      DREC_SERVER_PORT: String(port),
      DREC_LOG_FORMAT: "json",
      DREC_LOG_LEVEL: "info",
      ...env,
    },
    url,
    certFile,
    readyTimeoutMs: 30_000,
  });
  return {
    url,
    ca: fs.readFileSync(certFile, "utf8"),
    certFile,
    output: drec.output,
    kill: async () => {
      await drec.stop(0);
    },
    stop: () => drec.stop(),
  };
}
