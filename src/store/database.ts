import mongoose, { type Connection } from "mongoose";
import type { Config } from "../config/config.schema";
import { redactUri } from "../config/redact";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { createModels, ensureIndexes, type Models } from "./models/create-models";
import { RepositoryIds } from "./repository-ids";
import { createKeyedLock, type KeyedLock } from "./repository-lock";
import { ensureBinary } from "./embedded/build";
import { superviseEmbedded, type SupervisedDatabase } from "./embedded/supervisor";

/** An open database: the Mongoose connection, the models on it, and the embedded server if drec started one. */
export interface Database {
  connection: Connection;
  models: Models;
  /** Repository name -> document `_id`, learned from the read model's load. */
  repositoryIds: RepositoryIds;
  /** Serializes this process's writes per repository (ingest and stars share it; see repository-lock.ts). */
  repositoryLock: KeyedLock;
  /** The embedded FerretDB (restarted whenever it dies), or undefined when mongodb.uri named a server. */
  embedded?: SupervisedDatabase;
  /** Answers whether the database responds right now, within timeoutMs (1 s by default). */
  ping(timeoutMs?: number): Promise<boolean>;
  /** The driver's last word on the connection, without asking the database: false once it is lost. */
  reachable(): boolean;
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
    // Filled by the read model's load (a snapshot or its one scan), not by a scan of its own: until then
    // a write to a legacy document finds its id through the unique name index (E11000, then refresh()).
    const repositoryIds = new RepositoryIds(models.repositories);
    return {
      connection,
      models,
      repositoryIds,
      repositoryLock: createKeyedLock(),
      embedded,
      ping: (timeoutMs) => ping(connection, timeoutMs),
      reachable: () => connection.readyState === mongoose.ConnectionStates.connected,
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

/**
 * How long /readyz waits for the database's answer to a ping. Short enough for a probe's timeout, long
 * enough that a busy machine's slow ping is not taken for an outage (100 ms was, under load).
 */
const READY_PING_MS = 1000;

// Fail fast instead of buffering: a request must get a 503 quickly so the registry retries.
async function connect(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    bufferCommands: false,
    serverSelectionTimeoutMS: 3000,
    // The driver's monitor notices a lost or restored server within a second (Mongoose then emits
    // disconnected / reconnected), so readiness and ingest answer 503 at once instead of waiting.
    heartbeatFrequencyMS: 1000,
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

// Readiness must answer at once whatever the database does (killed, hung, refusing): a closed connection
// is down without asking, otherwise one ping bounded by timeoutMS (which also bounds the driver's server
// selection, so no command lingers) and by a timer as a backstop.
async function ping(connection: Connection, timeoutMs = READY_PING_MS): Promise<boolean> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([db.command({ ping: 1 }, { timeoutMS: timeoutMs }).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
