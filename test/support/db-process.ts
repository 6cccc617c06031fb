// The embedded database as a process of its own that a test can SIGKILL and start again on the same data
// directory and port, so a running drec sees a real outage and reconnects to the same address.
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import readline from "node:readline";
import { ensureBinary } from "../../src/store/embedded/build";
import { tempDir } from "./harness";

/** A database process under the test's control. */
export interface DbProcess {
  /** mongodb:// URI; the same after restart(). */
  uri: string;
  /** SIGKILL: no shutdown, open connections are reset, later ones refused. */
  kill(): Promise<void>;
  /** SIGSTOP: the process keeps its sockets but answers nothing (a hung database); resolves once stopped. */
  pause(): Promise<void>;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Starts it again on the same directory and port (after kill()). */
  restart(): Promise<void>;
  /** Stops it for good (graceful), whatever state it is in. */
  stop(): Promise<void>;
}

/** Starts the embedded FerretDB binary on a fresh directory and a free port. */
export async function startDbProcess(): Promise<DbProcess> {
  const binary = await ensureBinary();
  const dir = tempDir("drec-db-proc-");
  let child = await launch(binary, dir, 0);
  const uri = child.uri;
  const port = Number(new URL(uri).port);
  return {
    uri,
    kill: () => exit(child.process, "SIGKILL"),
    pause: () => stopped(child.process),
    resume: () => void child.process.kill("SIGCONT"),
    restart: async () => {
      child = await launch(binary, dir, port);
    },
    stop: async () => {
      child.process.kill("SIGCONT");
      child.process.stdin.end();
      await exit(child.process, "SIGTERM");
    },
  };
}

// kill() only queues the signal: on a loaded machine the process answered a ping after SIGSTOP was sent
// (a flaky /readyz test). Its state in /proc says when it really stands still.
async function stopped(process: ChildProcessWithoutNullStreams): Promise<void> {
  process.kill("SIGSTOP");
  const stat = `/proc/${process.pid}/stat`;
  for (let i = 0; i < 500; i += 1) {
    // The state is the field after the parenthesised command name: "T" when stopped.
    const state = fs.readFileSync(stat, "utf8").split(") ")[1]?.[0];
    if (state === "T") return;
    await sleep(10);
  }
  throw new Error(`database process ${process.pid} did not stop after SIGSTOP`);
}

async function launch(binary: string, dir: string, port: number) {
  const process = spawn(binary, ["-dir", dir, "-port", String(port)], { stdio: ["pipe", "pipe", "pipe"] });
  // Writing to the lifeline of a killed process fails; that is expected here.
  process.stdin.on("error", () => undefined);
  let stderr = "";
  process.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    process.once("exit", (code) => reject(new Error(`database exited with ${code}: ${stderr}`)));
    readline.createInterface({ input: process.stdout }).once("line", resolve);
  });
  process.removeAllListeners("exit");
  return { process, uri: (JSON.parse(line) as { uri: string }).uri };
}

function exit(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
