// Resolver-level harness: the built schema executed with graphql() against a real database of its own,
// on a connection that records every command the driver sends (for the round-trip assertions), with the
// repository read model started on it as the app starts it.
import "reflect-metadata";
import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import mongoose, { type Connection } from "mongoose";
import pino from "pino";
import { createContext } from "../../src/graphql/context";
import { createServices, type Services } from "../../src/graphql/services";
import { createKeyedLock } from "../../src/store/repository-lock";
import { buildGraphQLSchema } from "../../src/graphql/schema";
import { createStatsChanges, type StatsChanges } from "../../src/read-model/change-feed";
import { createModels, ensureIndexes, type Models } from "../../src/store/models/create-models";
import { ReadModel } from "../../src/read-model/read-model";
import { createUpdates, type Updates } from "../../src/stats/repository-updated-bus";
import { testDatabaseUri, uniqueDatabaseName } from "../support/harness";

/** One database command: its name, collection and filter (find, update, delete, count). */
export interface CommandRecord {
  name: string;
  collection: string;
  filter?: Record<string, unknown>;
}

/** A schema over a fresh database. */
export interface GraphQLHarness {
  connection: Connection;
  models: Models;
  services: Services;
  schema: GraphQLSchema;
  updates: Updates;
  changes: StatsChanges;
  cache: ReadModel;
  /** Names of the database commands sent since the last reset, in order. */
  commands: string[];
  /** The same commands with their collection and filter. */
  commandLog: CommandRecord[];
  /** Reloads the read model in full, as its periodic reload does: after writing documents directly. */
  sync(): Promise<void>;
  /** Runs an operation as `user` (anonymous by default) with fresh loaders, like one HTTP request. */
  run<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    user?: string | null,
  ): Promise<ExecutionResult<T>>;
  /** Runs an operation and fails on any error; returns its data. */
  data<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    user?: string | null,
  ): Promise<T>;
  close(): Promise<void>;
}

/** Options of a harness. */
export interface HarnessOptions {
  /** The read model's periodic reload; off unless given. */
  reloadIntervalMs?: number;
}

/** Opens a fresh database, starts the read model on it and builds the schema. */
export async function openGraphQLHarness(options: HarnessOptions = {}): Promise<GraphQLHarness> {
  const connection = await mongoose
    .createConnection(testDatabaseUri(), {
      dbName: uniqueDatabaseName("gql"),
      monitorCommands: true,
      autoIndex: false,
    })
    .asPromise();
  const models = createModels(connection, "registry-stats");
  await ensureIndexes(models);
  const updates = createUpdates();
  const changes = createStatsChanges();
  const log = pino({ level: "silent" });
  const cache = new ReadModel({
    repositories: models.repositories,
    tags: models.tags,
    changes,
    log,
    reloadIntervalMs: options.reloadIntervalMs ?? 0,
    retryMs: 50,
  });
  cache.start();
  await cache.ready();
  const services = createServices({ models, cache, updates, changes, lock: createKeyedLock() });
  const schema = await buildGraphQLSchema(updates);
  const commands: string[] = [];
  const commandLog: CommandRecord[] = [];
  connection.getClient().on("commandStarted", (event) => {
    commands.push(event.commandName);
    const command = event.command as Record<string, unknown>;
    commandLog.push({
      name: event.commandName,
      collection: String(command[event.commandName]),
      filter: (command.filter ??
        command.query ??
        (command.updates as { q?: unknown }[] | undefined)?.[0]?.q) as Record<string, unknown> | undefined,
    });
  });
  const run = <T>(source: string, variableValues?: Record<string, unknown>, user: string | null = null) =>
    graphql({
      schema,
      source,
      variableValues,
      contextValue: createContext({ services, user, requestId: "test", log }),
    }) as Promise<ExecutionResult<T>>;
  return {
    connection,
    models,
    services,
    schema,
    updates,
    changes,
    cache,
    commands,
    commandLog,
    async sync() {
      await cache.reload();
    },
    run,
    async data<T>(source: string, variables?: Record<string, unknown>, user: string | null = null) {
      const result = await run<T>(source, variables, user);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      // graphql() answers with null-prototype objects; plain ones compare with deepEqual.
      return JSON.parse(JSON.stringify(result.data)) as T;
    },
    async close() {
      await cache.stop();
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

/** The extensions.code of each error of a result. */
export const errorCodes = (result: ExecutionResult): unknown[] =>
  (result.errors ?? []).map((error) => error.extensions?.code);
