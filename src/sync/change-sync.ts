// Keeps several drec processes on one database in step (README, "Scaling out"). Each process records what
// its ingest and stars changed in the change log (change-log.ts) before the change counts as done (an
// applied batch: before its ledger mark, see ingest/apply/apply-batch.ts), and reads the others' entries
// back in order, publishing them on its own `ctx.changes` (its read model re-reads those documents) and
// `ctx.updates` (its GraphQL subscribers hear of them). The database is the only thing they share.
//
// Reading is a poll every `sync.poll_ms` (an `_id` lookup of the next numbers); where the database offers
// change streams (a MongoDB replica set or sharded cluster), an insert into the log also wakes the reader at
// once. The stream only wakes: what is read, and in which order, always comes from the numbered entries.
import crypto from "node:crypto";
import type { mongo } from "mongoose";

type ChangeStream = mongo.ChangeStream;
import type { Logger } from "../logger";
import type { ChangeRecorder, StatsChange, StatsChanges } from "../read-model/change-feed";
import type { Updates } from "../stats/repository-updated-bus";
import { READ_BATCH, type ChangeLog, type LogEntry } from "./change-log";

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

/** Head raises wait this long. */
const HEAD_EVERY_MS = 1000;
const PRUNE_EVERY_MS = 10 * 60_000;
/** Repositories per log entry: keeps an entry far below the database's document size limit. */
const ENTRY_REPOSITORIES = 1000;

/** This process's side of the change log; see the top of this file. */
export class ChangeSync implements ChangeRecorder {
  /** Names this process's entries, so its reader skips them. */
  readonly origin = crypto.randomUUID();
  private stopped = false;
  /** The highest number known to exist (read or written): appends go after it. */
  private known = 0;
  private written = 0;
  private raised = 0;
  /**
   * This process's entries written but not yet published here (entry key -> its number): a snapshot
   * must not claim them (position()), and a retried batch does not write them again.
   */
  private readonly unpublished = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];
  /** Next number to read; undefined until follow(). */
  private next?: number;
  private polling?: Promise<void>;
  private pollAgain = false;
  private stream?: ChangeStream;
  private lost: (() => void)[] = [];

  constructor(private readonly options: ChangeSyncOptions) {}

  /** Finds the log's current end, so this process's entries go after it. */
  async start(): Promise<void> {
    await this.options.changeLog.ensureIndexes();
    this.known = (await this.options.changeLog.end()).seq;
    this.every(HEAD_EVERY_MS, () => this.raiseHead());
    this.every(PRUNE_EVERY_MS, () => this.prune());
  }

  /**
   * Appends `changes` under `key` (one entry per ENTRY_REPOSITORIES repositories); throws when the
   * database does, so the caller's batch fails and is retried. A key written before writes nothing.
   */
  async record(key: string, changes: readonly StatsChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += ENTRY_REPOSITORIES) {
      const part = i === 0 ? key : `${key}#${i / ENTRY_REPOSITORIES}`;
      if (this.unpublished.has(part)) continue;
      const slice = changes.slice(i, i + ENTRY_REPOSITORIES);
      const seq = await this.options.changeLog.append(this.origin, part, slice, this.known);
      if (seq === undefined) continue;
      this.known = Math.max(this.known, seq);
      this.written = Math.max(this.written, seq);
      this.unpublished.set(part, seq);
    }
  }

  /** The changes recorded under `key` are published here: a snapshot may now include their entries. */
  published(key: string): void {
    for (const part of [...this.unpublished.keys()])
      if (part === key || part.startsWith(`${key}#`)) this.unpublished.delete(part);
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

  /**
   * The last number up to which every entry is published here (the others' read and relayed, this
   * process's own published by their writer): a snapshot taken once those are applied holds them all.
   */
  position(): number {
    let position = (this.next ?? 1) - 1;
    for (const seq of this.unpublished.values()) position = Math.min(position, seq - 1);
    return position;
  }

  /** Calls `listener` when entries were pruned before this process read them (it missed changes). */
  onLost(listener: () => void): void {
    this.lost.push(listener);
  }

  /** Stops reading; raises the head to this process's last entry (one try). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.stream?.close().catch(() => undefined);
    await this.polling;
    await this.raiseHead();
  }

  private every(ms: number, run: () => unknown): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }

  // --- writing

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
    // Without counted pulls and pushes: usage metrics count in the process that applied them.
    this.options.changes.publish(entry.changes);
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
