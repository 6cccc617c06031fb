// Resolver-level harness: the built schema executed with graphql() against a real database of its own,
// on a connection that records every command the driver sends (for the round-trip assertions).
import "reflect-metadata";
import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import mongoose, { type Connection } from "mongoose";
import pino from "pino";
import { createContext, createServices, type Services } from "../../src/graphql/context";
import { buildGraphQLSchema } from "../../src/graphql/schema";
import { createModels, ensureIndexes, type Models } from "../../src/stats/models";
import { createUpdates, type Updates } from "../../src/stats/updates";
import { testDatabaseUri, uniqueDatabaseName } from "../support/harness";

/** A schema over a fresh database. */
export interface GraphQLHarness {
  connection: Connection;
  models: Models;
  services: Services;
  schema: GraphQLSchema;
  updates: Updates;
  /** Names of the database commands sent since the last reset, in order. */
  commands: string[];
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

/** Opens a fresh database and builds the schema on it. */
export async function openGraphQLHarness(): Promise<GraphQLHarness> {
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
  const services = createServices(models, updates);
  const schema = await buildGraphQLSchema(updates);
  const commands: string[] = [];
  connection.getClient().on("commandStarted", (event) => commands.push(event.commandName));
  const log = pino({ level: "silent" });
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
    commands,
    run,
    async data<T>(source: string, variables?: Record<string, unknown>, user: string | null = null) {
      const result = await run<T>(source, variables, user);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      // graphql() answers with null-prototype objects; plain ones compare with deepEqual.
      return JSON.parse(JSON.stringify(result.data)) as T;
    },
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

/** The extensions.code of each error of a result. */
export const errorCodes = (result: ExecutionResult): unknown[] =>
  (result.errors ?? []).map((error) => error.extensions?.code);
