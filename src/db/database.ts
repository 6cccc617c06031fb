import mongoose, { type Connection } from "mongoose";
import type { Config } from "../config/config.schema";
import { redactUri } from "../config/redact";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { createModels, ensureIndexes, type Models } from "../stats/models";
import { RepositoryIds } from "../stats/repository-ids";
import { ensureBinary } from "./embedded/build";
import { superviseEmbedded, type SupervisedDatabase } from "./embedded/supervisor";

/** An open database: the Mongoose connection, the models on it, and the embedded server if drec started one. */
export interface Database {
  connection: Connection;
  models: Models;
  /** Repository name -> document `_id`, loaded at open. */
  repositoryIds: RepositoryIds;
  /** The embedded FerretDB (restarted whenever it dies), or undefined when mongodb.uri named a server. */
  embedded?: SupervisedDatabase;
  /** Answers whether the database responds right now. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Closes the connection and stops the embedded database. */
  close(): Promise<void>;
}

/** Opens the configured database, starting (and supervising) the embedded FerretDB when mongodb.uri is empty. */
export async function openDatabase(
  config: Config["mongodb"],
  log: Logger,
  metrics: Metrics,
): Promise<Database> {
  let embedded: SupervisedDatabase | undefined;
  let uri = config.uri;
  if (!uri) {
    const binary = await ensureBinary((line) => log.info(line));
    metrics.registry.registerMetric(metrics.embeddedDbRestarts);
    metrics.registry.registerMetric(metrics.embeddedDbUp);
    embedded = await superviseEmbedded({
      binary,
      dir: config.embedded.dir,
      port: config.embedded.port,
      log,
      events: {
        up: () => metrics.embeddedDbUp.set(1),
        down: () => metrics.embeddedDbUp.set(0),
        restarted: () => metrics.embeddedDbRestarts.inc(),
      },
    });
    uri = embedded.uri;
    log.info(
      { uri, dir: embedded.dir },
      "embedded database (FerretDB 1.24, SQLite) started; inspect with mongosh",
    );
  }
  try {
    const connection = await connect(uri, config.database);
    log.info({ uri: redactUri(uri), database: config.database }, "connected to the database");
    const models = createModels(connection, config.collection);
    await ensureIndexes(models);
    const repositoryIds = new RepositoryIds(models.repositories);
    const legacy = await repositoryIds.load();
    if (legacy > 0)
      log.info({ legacy }, "repository documents with non-name ids (original collector) mapped");
    return {
      connection,
      models,
      repositoryIds,
      embedded,
      ping: (timeoutMs) => ping(connection, timeoutMs),
      close: async () => {
        await connection.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

// Fail fast instead of buffering: a request must get a 503 quickly so the registry retries.
async function connect(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    bufferCommands: false,
    serverSelectionTimeoutMS: 3000,
    autoIndex: false,
  });
  try {
    await connection.asPromise();
  } catch (err) {
    throw new Error(`cannot connect to MongoDB at ${redactUri(uri)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return connection;
}

async function ping(connection: Connection, timeoutMs = 2000): Promise<boolean> {
  const db = connection.db;
  if (!db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([db.command({ ping: 1 }).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
