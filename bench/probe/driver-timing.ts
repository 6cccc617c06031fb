// Preloaded into drec (node -r) by `npm run bench -- --profile`: turns on command monitoring in the
// mongodb driver Mongoose uses and, at exit, writes per-command round-trip timings to
// $DREC_BENCH_PROBE_OUT. drec's code is not touched; this only observes the driver.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from "mongodb";

interface Timing {
  command: string;
  count: number;
  /** Documents inserted, update or delete statements: what the database works through per command. */
  statements: number;
  totalMs: number;
  maxMs: number;
}

const timings = new Map<string, Timing>();
const started = new Map<number, { label: string; statements: number }>();
const load = createRequire(__filename);

// "update drec_tags", "find registry-stats", "insert drec_events": command name plus its collection.
function label(event: CommandStartedEvent): string {
  const target = event.command[event.commandName];
  return typeof target === "string" ? `${event.commandName} ${target}` : event.commandName;
}

// The driver sends a command's documents as a separate payload section; the event puts them back
// under their field (`documents`, `updates`, `deletes`).
function statements(event: CommandStartedEvent): number {
  const { documents, updates, deletes } = event.command as Record<string, unknown>;
  const list = documents ?? updates ?? deletes;
  return Array.isArray(list) ? list.length : 1;
}

function record(event: CommandSucceededEvent | CommandFailedEvent): void {
  const { label: key, statements: n } = started.get(event.requestId) ?? {
    label: event.commandName,
    statements: 1,
  };
  started.delete(event.requestId);
  const timing = timings.get(key) ?? { command: key, count: 0, statements: 0, totalMs: 0, maxMs: 0 };
  timing.count += 1;
  timing.statements += n;
  timing.totalMs += event.duration;
  timing.maxMs = Math.max(timing.maxMs, event.duration);
  timings.set(key, timing);
}

function patch(modulePath: string): void {
  const { MongoClient: Client } = load(modulePath) as { MongoClient: typeof MongoClient };
  const connect = Client.prototype.connect;
  Client.prototype.connect = function (this: MongoClient) {
    this.options.monitorCommands = true;
    this.on("commandStarted", (event) =>
      started.set(event.requestId, { label: label(event), statements: statements(event) }),
    );
    this.on("commandSucceeded", record);
    this.on("commandFailed", record);
    return connect.call(this);
  };
}

const mongooseDir = path.dirname(load.resolve("mongoose"));
const drivers = new Set([load.resolve("mongodb"), load.resolve("mongodb", { paths: [mongooseDir] })]);
for (const driver of drivers) patch(driver);

process.on("exit", () => {
  const out = process.env.DREC_BENCH_PROBE_OUT;
  if (!out) return;
  const rows = [...timings.values()].map((t) => ({ ...t, meanMs: t.totalMs / t.count }));
  fs.writeFileSync(out, JSON.stringify(rows, null, 2));
});
