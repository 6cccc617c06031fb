// Builds a start()'s read model on the open database: restored from the newest snapshot and caught up
// from the change log (warm-start.ts), reloaded in full when change log entries it needed were pruned.
import type { Config } from "../config/config.schema";
import type { Logger } from "../logger";
import type { Database } from "../store/database";
import type { ChangeSync } from "../sync/change-sync";
import type { StatsChanges } from "./change-feed";
import { ReadModel } from "./read-model";
import { SnapshotStore, SNAPSHOTS_COLLECTION } from "./snapshot-store";
import { WarmStart } from "./warm-start";

/** What createReadModel needs from start(). */
export interface ReadModelDeps {
  config: Config;
  log: Logger;
  db: Database;
  changes: StatsChanges;
  sync: ChangeSync;
}

/** The read model of one start(); the GraphQL feature starts and stops it. */
export function createReadModel({ config, log, db, changes, sync }: ReadModelDeps): ReadModel {
  const native = db.connection.db;
  if (!native) throw new Error("the database connection is not open");
  const warm = new WarmStart({
    store: new SnapshotStore(native.collection(SNAPSHOTS_COLLECTION)),
    sync,
    log,
    intervalMs: config.graphql.read_model_snapshot_seconds * 1000,
  });
  const readModel = new ReadModel({
    repositories: db.models.repositories,
    tags: db.models.tags,
    changes,
    log,
    reloadIntervalMs: config.graphql.read_model_reload_seconds * 1000,
    idOf: (name) => db.repositoryIds.idOf(name),
    warm,
    learnIds: (ids) => db.repositoryIds.learn(ids),
  });
  // Entries pruned before this process read them: what they changed is found by reading everything.
  sync.onLost(() => void readModel.reload().catch(() => undefined));
  return readModel;
}
