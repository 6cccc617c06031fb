// Keeps several drec processes on one database in step (README, "Scaling out"). Each process appends what
// its ingest and stars changed to the change log (change-log.ts), and reads the others' entries back in
// order, publishing them on its own `ctx.changes` (its read model re-reads those documents) and `ctx.updates`
// (its GraphQL subscribers hear of them). The database is the only thing the processes share.
//
// Reading is a poll every `sync.poll_ms` (an `_id` lookup of the next numbers); where the database offers
// change streams (a MongoDB replica set or sharded cluster), an insert into the log also wakes the reader at
// once. The stream only wakes: what is read, and in which order, always comes from the numbered entries.
import crypto from "node:crypto";
import type { mongo } from "mongoose";

type ChangeStream = mongo.ChangeStream;
import type { Logger } from "../logger";
import type { StatsChange, StatsChanges } from "../read-model/change-feed";
import type { Updates } from "../stats/repository-updated-bus";
import { READ_BATCH, type ChangeLog, type LogEntry } from "./change-log";
import { ChangeBuffer } from "../read-model/change-buffer";

/** What the sync reads, writes and tells. */
export interface ChangeSyncOptions {
  changeLog: ChangeLog;
  changes: StatsChanges;
  updates: Updates;
  log: Logger;
  /** Milliseconds between reads of the log. */
  pollMs: number;
  /** Minutes an entry is kept; older ones are pruned every PRUNE_EVERY_MS. */
  retentionMinutes: number;
  /** Opens a change stream on the log's inserts, where the database offers one. */
  watch?: () => ChangeStream;
}

/** Head raises and retries of failed writes wait this long. */
const HEAD_EVERY_MS = 1000;
const PRUNE_EVERY_MS = 10 * 60_000;
/** Repositories per log entry: keeps an entry far below the database's document size limit. */
const ENTRY_REPOSITORIES = 1000;

/** This process's side of the change log; see the top of this file. */
export class ChangeSync {
  /** Names this process's entries, so its reader skips them. */
  readonly origin = crypto.randomUUID();
  private readonly buffer = new ChangeBuffer();
  private relaying = false;
  private stopped = false;
  private unsubscribe?: () => void;
  /** The highest number known to exist (read or written): appends go after it. */
  private known = 0;
  private written = 0;
  private raised = 0;
  private writing?: Promise<void>;
  private writeRetry?: NodeJS.Timeout;
  private timers: NodeJS.Timeout[] = [];
  /** Next number to read; undefined until follow(). */
  private next?: number;
  private polling?: Promise<void>;
  private pollAgain = false;
  private stream?: ChangeStream;
  private lost: (() => void)[] = [];

  constructor(private readonly options: ChangeSyncOptions) {}

  /** Starts writing this process's changes to the log (after its current end). */
  async start(): Promise<void> {
    this.known = (await this.options.changeLog.end()).seq;
    this.unsubscribe = this.options.changes.subscribe((changes) => this.local(changes));
    this.every(HEAD_EVERY_MS, () => this.raiseHead());
    this.every(PRUNE_EVERY_MS, () => this.prune());
  }

  /** The log's generation and last number: where a reader starting now begins. */
  end(): Promise<{ generation: string; seq: number }> {
    return this.options.changeLog.end();
  }

  /**
   * Reads the others' entries from number `from` on, now and every poll; resolves once what the log held
   * at the call is read and published (a read model that restored a snapshot is then caught up).
   */
  async follow(from: number): Promise<void> {
    this.next = from;
    this.every(this.options.pollMs, () => void this.poll());
    this.openStream();
    await this.poll();
  }

  /** Whether entry `seq` is still in the log (not pruned). */
  async available(seq: number): Promise<boolean> {
    const { entries } = await this.options.changeLog.read(seq, 1);
    return entries.length > 0;
  }

  /** The last number read and published: every entry up to it is reflected in what was published. */
  position(): number {
    return (this.next ?? 1) - 1;
  }

  /** Calls `listener` when entries were pruned before this process read them (it missed changes). */
  onLost(listener: () => void): void {
    this.lost.push(listener);
  }

  /** Stops reading; writes what this process changed and has not written yet (one try). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.writeRetry);
    await this.stream?.close().catch(() => undefined);
    await Promise.allSettled([this.polling, this.writing]);
    await this.write().catch(() => undefined);
    await this.raiseHead();
  }

  private every(ms: number, run: () => unknown): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }

  // --- writing

  private local(changes: StatsChange[]): void {
    // What the reader publishes came from the log: it is not written back.
    if (this.relaying || this.stopped) return;
    this.buffer.add(changes);
    this.kick();
  }

  private kick(): void {
    if (this.writing || this.writeRetry || this.stopped) return;
    this.writing = this.write()
      .catch((err: unknown) => {
        this.options.log.warn({ err }, "could not write to the change log; retrying");
        this.writeRetry = setTimeout(() => {
          this.writeRetry = undefined;
          this.kick();
        }, HEAD_EVERY_MS);
        this.writeRetry.unref();
      })
      .finally(() => {
        this.writing = undefined;
        if (this.buffer.size > 0 && !this.writeRetry) this.kick();
      });
  }

  private async write(): Promise<void> {
    while (this.buffer.size > 0) {
      const changes = this.buffer.take(ENTRY_REPOSITORIES);
      try {
        const seq = await this.options.changeLog.append(this.origin, changes, this.known);
        this.known = Math.max(this.known, seq);
        this.written = Math.max(this.written, seq);
      } catch (err) {
        this.buffer.add(changes);
        throw err;
      }
    }
  }

  private async raiseHead(): Promise<void> {
    if (this.written <= this.raised) return;
    const seq = this.written;
    try {
      await this.options.changeLog.raiseHead(seq);
      this.raised = seq;
    } catch (err) {
      this.options.log.debug({ err }, "could not raise the change log's head; trying again");
    }
  }

  private async prune(): Promise<void> {
    const before = new Date(Date.now() - this.options.retentionMinutes * 60_000);
    try {
      const pruned = await this.options.changeLog.prune(before);
      if (pruned > 0) this.options.log.debug({ pruned }, "old change log entries removed");
    } catch (err) {
      this.options.log.warn({ err }, "could not prune the change log; trying again later");
    }
  }

  // --- reading

  private poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = this.readAll()
      .catch((err: unknown) => this.options.log.warn({ err }, "could not read the change log; retrying"))
      .finally(() => {
        this.polling = undefined;
        if (this.pollAgain && !this.stopped) {
          this.pollAgain = false;
          void this.poll();
        }
      });
    return this.polling;
  }

  private async readAll(): Promise<void> {
    let suspect = false;
    while (!this.stopped && this.next !== undefined) {
      const { entries, head } = await this.options.changeLog.read(this.next);
      for (const entry of entries) this.deliver(entry);
      this.next += entries.length;
      this.known = Math.max(this.known, this.next - 1);
      if (entries.length === 0 && head >= this.next) {
        // Entry `next` was written (the head is raised only after), yet is not there: pruned, unless this
        // read raced the write on a database without snapshot reads. A second read tells.
        if (!suspect) {
          suspect = true;
          continue;
        }
        this.options.log.warn(
          { from: this.next, to: head },
          "change log entries were pruned before this process read them; reloading",
        );
        this.next = head + 1;
        for (const listener of this.lost) listener();
        continue;
      }
      suspect = false;
      if (entries.length < READ_BATCH) return;
    }
  }

  private deliver(entry: LogEntry): void {
    if (entry.origin === this.origin || entry.changes.length === 0) return;
    this.relaying = true;
    try {
      this.options.changes.publish(entry.changes);
    } finally {
      this.relaying = false;
    }
    for (const { repository } of entry.changes)
      this.options.updates.publish("REPOSITORY_UPDATED", repository);
  }

  private openStream(): void {
    if (!this.options.watch) return;
    try {
      const stream = this.options.watch();
      stream.on("change", () => void this.poll());
      stream.on("error", (err: unknown) => {
        // FerretDB and standalone MongoDB servers have no change streams: the poll alone reads.
        this.options.log.debug({ err }, "no change stream on the change log; polling");
        if (this.stream === stream) this.stream = undefined;
        stream.close().catch(() => undefined);
      });
      this.stream = stream;
    } catch (err) {
      this.options.log.debug({ err }, "no change stream on the change log; polling");
    }
  }
}
