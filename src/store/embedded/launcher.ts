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
  /** Pid of the FerretDB process. */
  pid: number;
  /** Resolves when the process exits, for whatever reason (stop() included). */
  exited: Promise<EmbeddedExit>;
  /** Stops the database and waits for it to exit. */
  stop(): Promise<void>;
}

/** How an embedded FerretDB process ended. */
export interface EmbeddedExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether stop() asked it to (otherwise it crashed or was killed). */
  stopped: boolean;
  /** Its last line on stderr, usually the reason. */
  reason: string;
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
    // Only the last line is reported; keep a bounded tail of a process that may run for months.
    stderr = (stderr + chunk.toString()).slice(-4096);
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
      let stopping = false;
      // Whoever started it (the supervisor) decides what an exit means and logs it.
      const exited = new Promise<EmbeddedExit>((settle) =>
        child.once("exit", (code, signal) =>
          settle({ code, signal, stopped: stopping, reason: lastLine(stderr) }),
        ),
      );
      resolve({
        uri,
        dir,
        pid: child.pid as number,
        exited,
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
