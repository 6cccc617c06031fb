// In-process notice of what changed in the statistics, after it is stored: ingest publishes one list
// per applied batch, stars one entry per change. Read models (read-model/read-model.ts) listen.

/** One repository whose statistics changed. */
export interface StatsChange {
  repository: string;
  /** Tags whose documents were written. */
  tags: string[];
  /** The repository and all its documents were deleted. */
  deleted: boolean;
  /** Counted pulls and pushes (numpulls/numpushs) this change applied; absent for star changes. */
  pulls?: number;
  pushes?: number;
}

/** Subscribers get every published list, synchronously, in order. */
export interface StatsChanges {
  publish(changes: StatsChange[]): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (changes: StatsChange[]) => void): () => void;
}

/** Creates a bus with no listeners. */
export function createStatsChanges(): StatsChanges {
  const listeners = new Set<(changes: StatsChange[]) => void>();
  return {
    publish(changes) {
      if (changes.length === 0) return;
      for (const listener of listeners) listener(changes);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Writes what changed to the change log the other drec processes on the database read
 * (src/sync/change-sync.ts), before the change counts as done: an applied batch's entry is written before
 * the batch is marked applied, so a recovery that re-runs the batch writes it if a crash came first.
 */
export interface ChangeRecorder {
  /** Records `changes` under `key` (a batch id, or a unique one per star); a key recorded before writes nothing. */
  record(key: string, changes: readonly StatsChange[]): Promise<void>;
  /** The changes recorded under `key` are now published on this process's StatsChanges too. */
  published(key: string): void;
}
