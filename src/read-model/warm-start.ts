// How the read model starts without reading every document, and keeps the means to do so (README,
// "Performance"): at start, the newest snapshot (snapshot-store.ts) is loaded into memory and the change
// log is followed from the snapshot's position, so whatever any drec process changed since is re-read by
// `_id` (read-model.ts) before lists answer. Without a usable snapshot (none yet, written for another
// database, or older than the oldest change log entry kept) the log is followed from its end and the
// caller scans everything, once. Snapshots are written every `graphql.read_model_snapshot_seconds` when
// the log moved, and on shutdown.
import { performance } from "node:perf_hooks";
import type { Logger } from "../logger";
import type { ChangeSync } from "../sync/change-sync";
import type { LoadStats } from "./full-load";
import type { RepositoryList } from "./repository-list";
import { decodeSnapshot, encodeSnapshot } from "./snapshot-codec";
import type { SnapshotStore } from "./snapshot-store";
import type { TagIndex } from "./tag-index";

/** What warm starts use. */
export interface WarmStartOptions {
  store: SnapshotStore;
  sync: Pick<ChangeSync, "end" | "follow" | "position" | "available">;
  log: Logger;
  /** Milliseconds between snapshots; 0: none are read or written. */
  intervalMs: number;
}

/** What a snapshot is taken of: the read model, when it is idle. */
export interface SnapshotSource {
  list: RepositoryList;
  tags: TagIndex;
  /** Resolves once the model is loaded (a snapshot is never taken of a partly read model). */
  ready(): Promise<void>;
  settled(): Promise<void>;
  idle(): boolean;
}

/** Restores and saves the read model's snapshots; see the top of this file. */
export class WarmStart {
  private generation?: string;
  private savedSeq = -1;
  private saving?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private loaded = false;
  /** The last start read everything: the first snapshot is written as soon as it is loaded. */
  private scanned = false;

  constructor(private readonly options: WarmStartOptions) {}

  /**
   * Fills the empty list and tag index from the newest usable snapshot and follows the change log from it
   * (resolving once the log as it is now has been read). The read model re-reads nothing meanwhile (the
   * changes wait), so the snapshot never overwrites a newer read. Returns undefined when there was none: the log is then followed from its
   * end, and the caller reads everything.
   */
  async restore(list: RepositoryList, tags: TagIndex): Promise<Omit<LoadStats, "ms"> | undefined> {
    const { sync, log } = this.options;
    const end = await sync.end();
    this.generation = end.generation;
    const started = performance.now();
    const snapshot = this.options.intervalMs > 0 ? await this.usable(end) : undefined;
    if (snapshot) {
      try {
        const { records, orders } = await decodeSnapshot(snapshot.data, (repository, marks) =>
          tags.replace(repository, marks),
        );
        // The stored orderings are used as they are when the list is empty (the usual case); else the
        // records are applied, sorting them in.
        if (!list.restore(records, orders)) list.apply(records.map((r) => [r.name, r] as const));
        const repositories = records.length;
        const decodedMs = Math.round(performance.now() - started);
        await sync.follow(snapshot.seq + 1);
        this.savedSeq = snapshot.seq;
        log.info(
          { repositories, bytes: snapshot.data.length, decodedMs, from: snapshot.seq, to: end.seq },
          "read model snapshot loaded; catching up from the change log",
        );
        return { repositories, tags: tags.size, changedRepositories: repositories, changedTagLists: 0 };
      } catch (err) {
        log.warn({ err }, "the read model snapshot could not be read; reading everything");
      }
    }
    await sync.follow(end.seq + 1);
    this.scanned = true;
    return undefined;
  }

  /** Writes a snapshot every intervalMs while the change log moves. */
  start(source: SnapshotSource): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.save(source), this.options.intervalMs);
    this.timer.unref();
    source.ready().then(
      () => {
        this.loaded = true;
        if (this.scanned) void this.save(source);
      },
      () => undefined,
    );
  }

  /** Stops the timer and writes a last snapshot (when the model is loaded and idle). */
  async stop(source: SnapshotSource | undefined): Promise<void> {
    clearInterval(this.timer);
    await this.saving;
    if (source && this.options.intervalMs > 0) await this.save(source);
  }

  /**
   * Saves a snapshot if the log moved since the last one. The position is taken first, then the model is
   * let settle: everything published up to then, including the entries up to the position, is in memory.
   */
  save(source: SnapshotSource): Promise<void> {
    this.saving ??= this.write(source).finally(() => (this.saving = undefined));
    return this.saving;
  }

  private async write(source: SnapshotSource): Promise<void> {
    const generation = this.generation;
    const seq = this.options.sync.position();
    if (!this.loaded || generation === undefined || seq === this.savedSeq) return;
    await source.settled();
    if (!source.idle()) return;
    const started = performance.now();
    try {
      const data = await encodeSnapshot(source.list, source.tags);
      if (!data) {
        this.options.log.info("a repository _id cannot be kept in a snapshot; every start reads everything");
        return;
      }
      await this.options.store.save({ generation, seq }, data);
      this.savedSeq = seq;
      this.options.log.debug(
        { bytes: data.length, seq, ms: Math.round(performance.now() - started) },
        "read model snapshot written",
      );
    } catch (err) {
      this.options.log.warn({ err }, "could not write the read model snapshot; trying again later");
    }
  }

  private async usable(end: { generation: string; seq: number }) {
    try {
      const found = await this.options.store.load();
      if (!found) return undefined;
      const { generation, seq } = found.position;
      // Another database's log, a log that was reset, or entries after it pruned: not usable.
      if (generation !== end.generation || !(seq <= end.seq)) return undefined;
      if (seq < end.seq && !(await this.options.sync.available(seq + 1))) return undefined;
      return { seq, data: found.data };
    } catch (err) {
      this.options.log.warn({ err }, "could not read the read model snapshot; reading everything");
      return undefined;
    }
  }
}
