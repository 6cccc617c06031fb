// The applier: the one place this process writes statistics from. Stored events queue here; the loop
// takes as many as are waiting (up to a limit) as one batch, so the busier the registry, the more events
// share each document write. Batches run one after another; a batch that failed because the database was
// unavailable is retried before any later one, which keeps its markers meaningful. Writes the database
// refuses do not fail a batch: their events are rejected (apply-batch.ts). Repository deletes run alone.
import { setTimeout as sleep } from "node:timers/promises";
import type { ClassifiedEvent } from "../events/event.types";
import type { IngestDeps } from "../ingest-deps";
import { applyBatch, changeList, markedBy, type Batch, type BatchChanges } from "./apply-batch";
import { claimBatch, type ClaimedEvent } from "../ledger/ledger-entries";
import { countedUsage } from "./counted-usage";
import { MarkerSweep } from "./marker-sweep";

/** Tuning of the applier; the defaults suit production. */
export interface ApplierOptions {
  /** Most events per batch. */
  maxBatch?: number;
  /** Longest time markers wait for removal while the applier stays busy, ms. */
  sweepEveryMs?: number;
  /** First and longest pause between retries of a failing batch, ms. */
  retryMs?: [number, number];
  /**
   * What a failed batch leads to: "retry" until it succeeds (production), or "abandon": leave its events
   * pending as a crashed process would, for recovery to finish (fault-injection tests).
   */
  onFailure?: "retry" | "abandon";
}

/** What became of a queued event: its statistics written, or refused (and dead-lettered). */
export type ApplyOutcome = "applied" | "rejected";

interface Queued {
  claimed: ClaimedEvent;
  /** Set for a recovered event: it must be re-applied in the batch it was first applied in. */
  batch?: string;
  applied: Promise<ApplyOutcome>;
  resolve: (outcome: ApplyOutcome) => void;
  reject: (err: unknown) => void;
}

/** How long the queue must stay empty before markers are swept, ms. */
const QUIET_MS = 100;

const BARRIERS = new Set<ClassifiedEvent["kind"]>([
  "delete-repository",
  "delete-tag",
  "delete-digest",
  "rename",
]);

/** Applies stored events to the statistics, in batches. */
export class Applier {
  private readonly queue: Queued[] = [];
  private readonly held = new Map<string, Queued>();
  private readonly sweep = new MarkerSweep();
  private readonly maxBatch: number;
  private readonly sweepEveryMs: number;
  private readonly retryMs: [number, number];
  private readonly abandonFailed: boolean;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private loop: Promise<void> | undefined;
  private stopping = false;
  private busy = false;
  private sequence = 0;
  private lastSweep = Date.now();

  constructor(
    private readonly deps: IngestDeps,
    options: ApplierOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.sweepEveryMs = options.sweepEveryMs ?? 2000;
    this.retryMs = options.retryMs ?? [20, 2000];
    this.abandonFailed = options.onFailure === "abandon";
  }

  /** Starts the loop. */
  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  /** Finishes the queue (unless the database keeps failing) and stops; unfinished events stay pending. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Queues a claimed event; resolves once it is settled (applied or rejected). Queuing it twice is harmless. */
  enqueue(claimed: ClaimedEvent, batch?: string): Promise<ApplyOutcome> {
    const existing = this.held.get(claimed.id);
    if (existing) return existing.applied;
    const item = this.deferred(claimed, batch);
    this.queue.push(item);
    this.held.set(claimed.id, item);
    this.deps.metrics.applyBacklog.set(this.held.size);
    this.wake?.();
    return item.applied;
  }

  /** Whether this process has the event queued or in a running batch. */
  holds(id: string): boolean {
    return this.held.has(id);
  }

  /** The promise of a held event, or undefined. */
  whenApplied(id: string): Promise<ApplyOutcome> | undefined {
    return this.held.get(id)?.applied;
  }

  /** Events waiting or being applied. */
  get backlog(): number {
    return this.held.size;
  }

  /** When the oldest event waiting or being applied was received; undefined when none is. */
  oldestHeldAt(): Date | undefined {
    let oldest: Date | undefined;
    for (const { claimed } of this.held.values()) {
      if (!oldest || claimed.receivedAt < oldest) oldest = claimed.receivedAt;
    }
    return oldest;
  }

  /** Resolves once nothing is queued, no batch runs and no marker waits for removal. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && !this.busy && this.sweep.size === 0;
  }

  private deferred(claimed: ClaimedEvent, batch?: string): Queued {
    let resolve!: (outcome: ApplyOutcome) => void;
    let reject!: (err: unknown) => void;
    const applied = new Promise<ApplyOutcome>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be waiting (acknowledge: stored); a failure is logged by the loop, not unhandled.
    applied.catch(() => undefined);
    return { claimed, batch, applied, resolve, reject };
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.length > 0) {
        this.busy = true;
        const done = await this.applyNext();
        this.busy = false;
        if (!done) return; // stopping while the database fails
        if (Date.now() - this.lastSweep >= this.sweepEveryMs) await this.sweepMarkers();
        continue;
      }
      if (this.stopping) {
        await this.sweepMarkers();
        if (this.queue.length > 0) continue;
        this.notifyIdle();
        return;
      }
      // Markers go once the registry has been quiet for a moment: sweeping between two events of a
      // burst would add a write per document per batch. Abandoned batches are rechecked now and then.
      const sweepDue =
        this.sweep.size > 0 ? QUIET_MS : this.sweep.unconfirmedCount > 0 ? this.sweepEveryMs : 0;
      if (sweepDue === 0) this.notifyIdle();
      const woken = await this.waitForWork(sweepDue);
      if (!woken && this.queue.length === 0) await this.sweepMarkers();
    }
  }

  // Resolves true when woken by new work or stop(), false after `ms` (0: no timeout).
  private waitForWork(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stopping) return resolve(true);
      this.wake = () => resolve(true);
      if (ms > 0) setTimeout(() => resolve(false), ms).unref();
    }).finally(() => (this.wake = undefined)) as Promise<boolean>;
  }

  private notifyIdle(): void {
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  // Never throws: a failure here (the database just died) would end the loop and leave every later
  // event held but never applied. Markers that stay are harmless; the next sweep or the startup sweep
  // removes them.
  private async sweepMarkers(): Promise<void> {
    this.lastSweep = Date.now();
    if (this.sweep.size === 0 && this.sweep.unconfirmedCount === 0) return;
    try {
      await this.sweep.flush(this.deps);
    } catch (err) {
      this.deps.log.warn({ err }, "could not sweep batch markers; will retry");
    }
  }

  private take(): { items: Queued[]; id: string } {
    const first = this.queue[0];
    let count = 1;
    if (first.batch !== undefined) {
      while (count < this.queue.length && this.queue[count].batch === first.batch) count += 1;
    } else if (!BARRIERS.has(first.claimed.event.kind)) {
      while (count < Math.min(this.queue.length, this.maxBatch)) {
        const next = this.queue[count];
        if (next.batch !== undefined || BARRIERS.has(next.claimed.event.kind)) break;
        count += 1;
      }
    }
    this.sequence += 1;
    return {
      items: this.queue.splice(0, count),
      id: first.batch ?? `${this.deps.instanceId}.${this.sequence}`,
    };
  }

  // Applies the next batch, retrying until it succeeds; false if it gave up because of stop().
  private async applyNext(): Promise<boolean> {
    const { items, id } = this.take();
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.applyItems(id, items);
        return true;
      } catch (err) {
        this.failWaiters(items, err, attempt);
        if (this.stopping || this.abandonFailed) {
          for (const item of items) this.held.delete(item.claimed.id);
          const events = items.map((item) => item.claimed);
          this.sweep.addUnconfirmed(
            events.map((e) => e.id),
            markedBy({ id, events }),
          );
          this.deps.metrics.applyBacklog.set(this.held.size);
          this.deps.log.warn({ err, batch: id }, "leaving a failed batch pending for recovery");
          return !this.stopping;
        }
        await sleep(Math.min(this.retryMs[1], this.retryMs[0] * 2 ** attempt));
      }
    }
  }

  // The first failure answers whoever waits (a registry then retries); the retry goes on regardless.
  private failWaiters(items: Queued[], err: unknown, attempt: number) {
    if (attempt === 0) this.deps.log.warn({ err, events: items.length }, "applying a batch failed; retrying");
    for (const item of items) {
      item.reject(err);
      const fresh = this.deferred(item.claimed, item.batch);
      Object.assign(item, { applied: fresh.applied, resolve: fresh.resolve, reject: fresh.reject });
    }
  }

  private async applyItems(id: string, items: Queued[]): Promise<void> {
    const ours = await claimBatch(
      this.deps,
      id,
      items.map((item) => item.claimed.id),
    );
    const batch: Batch = {
      id,
      events: items.filter((item) => ours.has(item.claimed.id)).map((i) => i.claimed),
    };
    const changes = batch.events.length > 0 ? await applyBatch(this.deps, batch) : undefined;
    for (const item of items) {
      this.held.delete(item.claimed.id);
      // Taken over by another process: stored, and that process applies it.
      item.resolve(changes?.rejected.has(item.claimed.id) ? "rejected" : "applied");
    }
    this.deps.metrics.applyBacklog.set(this.held.size);
    if (changes) this.finished(batch, changes);
  }

  private finished(batch: Batch, changes: BatchChanges) {
    const now = Date.now();
    this.deps.metrics.applyBatchSize.observe(batch.events.length);
    for (const { receivedAt } of batch.events)
      this.deps.metrics.applyLag.observe((now - receivedAt.getTime()) / 1000);
    this.sweep.add(changes.marked);
    for (const { id, event } of batch.events)
      if (changes.rejected.has(id))
        this.deps.metrics.applyRejected.inc({ kind: event.kind, source: event.source ?? "default" });
    for (const repository of changes.repositories.keys())
      this.deps.updates.publish("REPOSITORY_UPDATED", repository);
    const counted = countedUsage(batch.events, changes.rejected);
    this.deps.changes.publish(
      changeList(changes.repositories).map((change) => ({ ...change, ...counted.get(change.repository) })),
    );
    this.deps.changeLog.published(batch.id);
  }
}
