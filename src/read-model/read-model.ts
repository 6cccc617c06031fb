// The read model GraphQL lists are served from. The embedded database answers no filter, sort or
// limit from an index (only `_id` lookups, store/backend-quirks.ts), so a top-20 list would decode every repository document.
// Instead drec keeps the list fields of every repository (repository-list.ts) and every repository's
// tag names (tag-index.ts) in memory:
//   - loaded at start in the background (ingest does not wait for it; lists wait in ready()): from the
//     newest snapshot, caught up from the change log (warm-start.ts), else by one scan of each collection;
//   - kept current from `ctx.changes` (ingest and stars publish what they wrote, and the change log what
//     other drec processes wrote): the changed repository and tag documents are re-read by `_id`, in batches;
//   - re-read in full every `graphql.read_model_reload_seconds`, for writes drec is not told about:
//     frontends `$inc` numstars in the collection directly, and the original collector may still run. A
//     full read costs the database about 0.1-0.2 ms per document (the embedded one decodes each), so the
//     interval stretches to RELOAD_DUTY times the last load's duration when that is longer.
import { performance } from "node:perf_hooks";
import type { Model, QueryFilter } from "mongoose";
import type { Logger } from "../logger";
import { findByIds } from "../store/find-by-ids";
import type { StatsChange, StatsChanges } from "./change-feed";
import { ChangeBuffer } from "./change-buffer";
import type { WarmStart } from "./warm-start";
import { tagId } from "../store/document-keys";
import type { RepositoryDoc } from "../store/models/repository.model";
import {
  LIST_PROJECTION,
  scanAll,
  TAG_MARK_PROJECTION,
  type ListDoc,
  type LoadStats,
  type MarkDoc,
} from "./full-load";
import { RepositoryList, type RepositoryRecord } from "./repository-list";
import { TagIndex } from "./tag-index";
import type { TagDoc } from "../store/models/tag.model";

/** What the read model reads and listens to. */
export interface ReadModelOptions {
  repositories: Model<RepositoryDoc>;
  tags: Model<TagDoc>;
  changes: StatsChanges;
  log: Logger;
  /** Milliseconds between full reloads; 0 turns them off. */
  reloadIntervalMs: number;
  /** The `_id` the database layer knows for a name (legacy documents), besides the name itself. */
  idOf?: (name: string) => unknown;
  /** Milliseconds before a failed refresh is tried again. */
  retryMs?: number;
  /** Loads the first time from a snapshot and follows the change log; without it, every start scans. */
  warm?: WarmStart;
  /** Told the legacy `_id`s (not the name) of the repositories held, after each load. */
  learnIds?: (ids: Iterable<readonly [string, unknown]>) => void;
}

/** A periodic reload waits at least this many times as long as the last load took (5 % duty at most). */
export const RELOAD_DUTY = 20;

/** Repositories re-read per batch of changes. */
const REFRESH_BATCH = 1000;

/** Repository list fields and tag names in memory, kept current; see the top of this file. */
export class ReadModel {
  readonly list = new RepositoryList();
  readonly tags = new TagIndex();
  private readonly pending = new ChangeBuffer();
  private worker?: Promise<void>;
  private reloading?: Promise<LoadStats>;
  /** Repositories refreshed while a reload runs: the reload's older copy must not overwrite them. */
  private touched?: Set<string>;
  private reloadTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  /** Lists of changes published so far, and how many of them are applied (in order). */
  private published = 0;
  private applied = 0;
  private waiters: { upTo: number; resolve: () => void }[] = [];
  private stopped = false;
  /** A snapshot is being restored: changes wait, so the snapshot's older copy never overwrites them. */
  private restoring = false;
  private loaded = false;
  private lastLoadMs = 0;

  constructor(private readonly options: ReadModelOptions) {}

  /**
   * Listens to changes and starts the first load without waiting for it (see ready()); each load
   * schedules the next one, and snapshots are written every so often (warm-start.ts).
   */
  start(): void {
    this.unsubscribe = this.options.changes.subscribe((changes) => this.enqueue(changes));
    this.options.warm?.start(this);
    this.ready().catch((err: unknown) =>
      this.options.log.error({ err }, "could not load the repository read model; it is retried"),
    );
  }

  /** Resolves once a full load has completed; after a failed one, the caller's wait starts another. */
  async ready(): Promise<void> {
    if (!this.loaded) await this.reload();
  }

  /** Writes a last snapshot (while changes still apply), stops listening and reloading. */
  async stop(): Promise<void> {
    await this.options.warm?.stop(this);
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.reloadTimer);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.release(Infinity);
    await Promise.allSettled([this.worker, this.reloading]);
  }

  /** Re-reads both collections in full (one scan each); concurrent calls share one reload. */
  reload(): Promise<LoadStats> {
    this.reloading ??= this.load().finally(() => {
      this.reloading = undefined;
      this.scheduleReload();
    });
    return this.reloading;
  }

  /**
   * Resolves once every change published before the call is applied, so a read that follows a write
   * drec acknowledged sees it. Changes published later are not waited for. When a refresh fails, its
   * waiters are let go with what memory holds (it is retried).
   */
  settled(): Promise<void> {
    const upTo = this.published;
    if (this.applied >= upTo || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }

  /** True when no change waits to be re-read (what a snapshot needs: memory matches the database). */
  idle(): boolean {
    return this.pending.size === 0 && !this.worker && !this.retryTimer;
  }

  /** ready(), then settled(): what a read of the lists waits for. */
  async current(): Promise<void> {
    await this.ready();
    await this.settled();
  }

  /** The `_id` of a repository's document as last read, if the list holds it. */
  idOf(name: string): unknown {
    return this.list.idOf(name);
  }

  /**
   * A filter matching exactly the repository's document through the `_id` index: its name, or the
   * legacy id the list or the database layer knows for it (`{_id: {$in}}` then).
   */
  key(name: string): QueryFilter<RepositoryDoc> {
    const ids = this.candidateIds(name);
    return {
      _id: ids.length === 1 ? ids[0] : { $in: ids },
      repositoryname: name,
    } as QueryFilter<RepositoryDoc>;
  }

  private enqueue(changes: readonly StatsChange[]): void {
    if (this.stopped) return;
    this.published++;
    this.pending.add(changes);
    this.kick();
  }

  private kick(): void {
    if (this.worker || this.retryTimer || this.restoring || this.stopped || this.pending.size === 0) return;
    this.worker = this.drain().finally(() => {
      this.worker = undefined;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    // Changes published in the same turn are read together.
    await Promise.resolve();
    while (this.pending.size > 0 && !this.stopped) {
      // Every list published so far is pending or applied: once this batch empties `pending`, all are.
      const upTo = this.published;
      const batch = this.pending.take(REFRESH_BATCH);
      const last = this.pending.size === 0;
      try {
        await this.refresh(batch);
        if (last) this.release(upTo);
      } catch (err) {
        this.pending.add(batch);
        this.release(this.published);
        this.options.log.warn(
          { err, repositories: batch.length },
          "could not re-read changed repositories; retrying",
        );
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, this.options.retryMs ?? 1000);
        this.retryTimer.unref();
        return;
      }
    }
  }

  /** Marks the lists up to `upTo` applied and lets their waiters go. */
  private release(upTo: number): void {
    this.applied = Math.max(this.applied, upTo);
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.upTo <= upTo) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  /** Re-reads the changed repository documents and the named tags by `_id` and applies them. */
  private async refresh(changes: readonly StatsChange[]): Promise<void> {
    const batch = new Map(changes.map((change) => [change.repository, change]));
    const ids = new Set<unknown>();
    for (const name of batch.keys()) for (const id of this.candidateIds(name)) ids.add(id);
    const tagIds: string[] = [];
    for (const [name, change] of batch) for (const tag of change.tags) tagIds.push(tagId(name, tag));
    const [docs, tagDocs] = await Promise.all([
      findByIds<RepositoryDoc, ListDoc>(this.options.repositories, [...ids], LIST_PROJECTION),
      findByIds<TagDoc, MarkDoc>(this.options.tags, tagIds, TAG_MARK_PROJECTION),
    ]);
    if (this.stopped) return;
    const found = new Map<string, RepositoryRecord>();
    for (const doc of docs) {
      const record = this.list.recordOf(doc);
      if (record && batch.has(record.name)) found.set(record.name, record);
    }
    this.list.apply([...batch.keys()].map((name) => [name, found.get(name) ?? null] as const));
    const marks = new Map(tagDocs.map((doc) => [tagId(doc.repository, doc.tag), doc]));
    for (const [name, change] of batch) {
      if (change.deleted) this.tags.drop(name);
      for (const tag of change.tags) {
        const doc = marks.get(tagId(name, tag));
        if (doc) this.tags.set(name, tag, doc.deleted === true);
        else this.tags.remove(name, tag);
      }
      this.touched?.add(name);
    }
  }

  /** Where a repository's document may be: its name, or the legacy id known for it. */
  private candidateIds(name: string): unknown[] {
    const ids: unknown[] = [name];
    for (const id of [this.idOf(name), this.options.idOf?.(name)])
      if (id !== undefined && id !== null && String(id) !== name) ids.push(id);
    return ids;
  }

  private async load(): Promise<LoadStats> {
    const started = performance.now();
    const touched = (this.touched = new Set());
    try {
      if (this.stopped) throw new Error("the repository read model is stopped");
      const first = !this.loaded;
      const restored = first ? await this.restore() : undefined;
      const counts = restored ?? (await scanAll(this.options, this.list, this.tags, touched));
      const stats = { ...counts, ms: Math.round(performance.now() - started) };
      this.options.learnIds?.(this.list.legacyIds());
      if (restored) this.options.log.info(stats, "repository read model restored from a snapshot");
      else if (first) this.options.log.info(stats, "repository read model loaded");
      else this.options.log.debug(stats, "repository read model reloaded");
      this.loaded = true;
      return stats;
    } finally {
      this.touched = undefined;
      this.lastLoadMs = performance.now() - started;
    }
  }

  private async restore(): Promise<Omit<LoadStats, "ms"> | undefined> {
    this.restoring = true;
    try {
      return await this.options.warm?.restore(this.list, this.tags);
    } finally {
      this.restoring = false;
      this.kick();
    }
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    const interval = this.options.reloadIntervalMs;
    if (this.stopped || interval <= 0) return;
    this.reloadTimer = setTimeout(
      () => {
        this.reload().catch((err: unknown) =>
          this.options.log.warn({ err }, "could not reload the repository read model; keeping the last one"),
        );
      },
      Math.max(interval, RELOAD_DUTY * this.lastLoadMs),
    );
    this.reloadTimer.unref();
  }
}

export type { LoadStats } from "./full-load";
