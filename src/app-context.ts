import type { Config } from "./config/config.schema";
import type { Database } from "./store/database";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { StatsChanges } from "./read-model/change-feed";
import type { ReadModel } from "./read-model/read-model";
import type { Updates } from "./stats/repository-updated-bus";
import type { ChangeSync } from "./sync/change-sync";

/** What every feature of a running drec gets: its config, logger, metrics and database. */
export interface AppContext {
  config: Config;
  log: Logger;
  metrics: Metrics;
  db: Database;
  /** Repository-changed notifications, for GraphQL subscriptions. */
  updates: Updates;
  /** What stored statistics changed, for in-process read models. */
  changes: StatsChanges;
  /** The change log other drec processes on the database write and read (sync/change-sync.ts). */
  sync: ChangeSync;
  /**
   * The in-memory read model lists and counts are served from, built per start() and fed by `changes`.
   * The GraphQL feature, its only reader, starts and stops it; without that feature it stays idle.
   */
  readModel: ReadModel;
  /**
   * Checks /readyz adds to the database's, by name, answered from memory: true while ready. Features
   * register theirs in mount() (ingest: the applier is not stuck).
   */
  readiness: Map<string, () => boolean>;
}
