// Builds a process's ChangeSync on the open database, with the change stream where the database has one.
import type { Config } from "../config/config.schema";
import type { Logger } from "../logger";
import type { StatsChanges } from "../read-model/change-feed";
import type { Updates } from "../stats/repository-updated-bus";
import type { Database } from "../store/database";
import { ChangeLog, CHANGES_COLLECTION } from "./change-log";
import { ChangeSync } from "./change-sync";

/** What createChangeSync needs from start(). */
export interface ChangeSyncDeps {
  config: Config;
  log: Logger;
  db: Database;
  updates: Updates;
  changes: StatsChanges;
}

/** A ChangeSync on `drec_changes` of the statistics database; start() it before use. */
export function createChangeSync({ config, log, db, updates, changes }: ChangeSyncDeps): ChangeSync {
  const native = db.connection.db;
  if (!native) throw new Error("the database connection is not open");
  const collection = native.collection(CHANGES_COLLECTION);
  return new ChangeSync({
    changeLog: new ChangeLog(collection),
    changes,
    updates,
    log,
    pollMs: config.sync.poll_ms,
    retentionMinutes: config.sync.retention_minutes,
    // Embedded FerretDB has no change streams: do not even ask.
    watch: db.embedded ? undefined : () => collection.watch([{ $match: { operationType: "insert" } }]),
  });
}
