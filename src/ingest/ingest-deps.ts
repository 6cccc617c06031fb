import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { ChangeRecorder, StatsChanges } from "../read-model/change-feed";
import type { Models } from "../store/models/create-models";
import type { RepositoryIds } from "../store/repository-ids";
import type { KeyedLock } from "../store/repository-lock";
import type { Updates } from "../stats/repository-updated-bus";

/**
 * Test hooks around every database write of an event, named like the planned writes ("ledger.insert",
 * "repository", "tag.current", "ledger.applied"…). Throwing simulates a crash at that point.
 * Production passes none.
 */
export interface Faults {
  beforeWrite?(step: string): void | Promise<void>;
  afterWrite?(step: string): void | Promise<void>;
}

/** What the ingest commands work with; one per running app. */
export interface IngestDeps {
  models: Models;
  /** Repository name -> document `_id`. */
  repositoryIds: RepositoryIds;
  log: Logger;
  metrics: Metrics;
  updates: Updates;
  /** What applied batches changed, for read models. */
  changes: StatsChanges;
  /** The change log other drec processes follow: a batch's entry is written before its ledger mark. */
  changeLog: ChangeRecorder;
  /** Identifies this process in ledger claims; random per start. */
  instanceId: string;
  /** How long a claim on a pending event lasts before another process may complete it. */
  claimMs: number;
  /** How long a redelivery waits for another process to finish the same event before answering 503. */
  claimWaitMs: number;
  /** Serializes this process's writes per repository (see store/repository-lock.ts). */
  lock: KeyedLock;
  faults?: Faults;
}

/** Runs one write between the fault hooks. */
export async function step<T>(deps: IngestDeps, name: string, write: () => Promise<T>): Promise<T> {
  await deps.faults?.beforeWrite?.(name);
  const result = await write();
  await deps.faults?.afterWrite?.(name);
  return result;
}
