// Runs drec as a real child process (the CLI), so tests can SIGKILL it mid-stream and start it again.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { request } from "./http";
import { tempDir } from "./harness";
import { waitFor } from "./wait";

const CLI = path.resolve(__dirname, "../../src/cli.js");

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
  const child = spawn(process.execPath, [CLI], {
    cwd,
    env: {
      PATH: process.env.PATH,
      DREC_SERVER_ADDRESS: "127.0.0.1",
      DREC_SERVER_PORT: String(port),
      DREC_LOG_FORMAT: "json",
      DREC_LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `https://127.0.0.1:${port}`;
  const certFile = path.resolve(cwd, env.DREC_SERVER_SSL_CERT ?? "certs/domain.crt");
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`drec exited with ${child.exitCode}:\n${output}`);
      if (!fs.existsSync(certFile)) return false;
      const ca = fs.readFileSync(certFile, "utf8");
      return (await request(`${url}/readyz`, { ca })).status === 200;
    },
    30_000,
    { describe: () => output.slice(-3000) },
  );
  const exited = (c: ChildProcess) =>
    new Promise<number | null>((resolve) =>
      c.exitCode !== null || c.signalCode !== null
        ? resolve(c.exitCode)
        : c.once("exit", (code) => resolve(code)),
    );
  return {
    url,
    ca: fs.readFileSync(certFile, "utf8"),
    certFile,
    output: () => output,
    kill: async () => {
      child.kill("SIGKILL");
      await exited(child);
    },
    stop: async () => {
      child.kill("SIGTERM");
      return exited(child);
    },
  };
}
