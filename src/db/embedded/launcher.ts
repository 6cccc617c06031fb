import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import type { Logger } from "../../logger";

/** A running embedded FerretDB. */
export interface EmbeddedDatabase {
  /** mongodb:// connection string on loopback. */
  uri: string;
  /** Absolute data directory. */
  dir: string;
  /** Stops the database and waits for it to exit. */
  stop(): Promise<void>;
}

/** How to start the embedded database. */
export interface LaunchOptions {
  binary: string;
  dir: string;
  port: number;
  log: Logger;
  /** Seconds to wait for it to accept connections. */
  startTimeoutSeconds?: number;
}

/** Starts the FerretDB wrapper and resolves once it accepts connections. */
export function launchEmbedded(options: LaunchOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  // stdin stays open as a lifeline: the wrapper exits when it closes, even if drec is killed with SIGKILL.
  const child = spawn(options.binary, ["-dir", dir, "-port", String(options.port)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of chunk.toString().trim().split("\n")) if (line) options.log.debug({ ferretdb: line });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        child.kill("SIGKILL");
        reject(new Error(`embedded database did not start within ${options.startTimeoutSeconds ?? 30} s`));
      },
      (options.startTimeoutSeconds ?? 30) * 1000,
    );
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start the embedded database ${options.binary}: ${err.message}`));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited with code ${code}: ${lastLine(stderr)}`));
    });
    readline.createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      const { uri } = JSON.parse(line) as { uri: string };
      child.removeAllListeners("exit");
      child.on("exit", (code, signal) => {
        if (!stopping)
          options.log.error({ code, signal, stderr: lastLine(stderr) }, "embedded database exited");
      });
      let stopping = false;
      resolve({
        uri,
        dir,
        stop: () => {
          stopping = true;
          return stopChild(child);
        },
      });
    });
  });
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split("\n")
      .pop()
      ?.replace(/^drec-ferretdb: /, "") ?? ""
  );
}

function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin.end();
    child.kill("SIGTERM");
  });
}
