import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import path from "node:path";
import { buildSchema } from "type-graphql";
import { PACKAGE_ROOT } from "../paths";
import type { Updates } from "../stats/repository-updated-bus";
import { ActivityResolver } from "./activity/activity.resolver";
import { ActorResolver } from "./actor/actor.resolver";
import { NamespaceResolver } from "./namespace/namespace.resolver";
import { RegistryActivityResolver } from "./namespace/registry-activity.resolver";
import { RegistryResolver } from "./registry/registry.resolver";
import { RepositoryUpdatedResolver } from "./repository/repository-updated.resolver";
import { RepositoryResolver } from "./repository/repository.resolver";
import { RepositorySourceResolver } from "./repository/repository-source.resolver";
import { describeRootTypes } from "./root-descriptions";
import { DateTimeScalar } from "./scalars/date-time.scalar";
import { StaleImagesResolver } from "./stale-images/stale-images.resolver";
import { StarResolver } from "./star/star.resolver";
import { EventsResolver } from "./events/events.resolver";
import { UserResolver } from "./user/user.resolver";
import { ImageResolver } from "./image/image.resolver";
import { TagResolver } from "./tag/tag.resolver";
import { UsageResolver } from "./usage/usage.resolver";
import { ViewerResolver } from "./viewer/viewer.resolver";

/** The committed SDL the drift test compares against. */
export const SCHEMA_FILE = path.join(PACKAGE_ROOT, "schema", "schema.graphql");

/** Builds the executable schema; subscriptions listen on `updates`. */
export async function buildGraphQLSchema(updates: Updates): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      RepositoryResolver,
      RepositorySourceResolver,
      RepositoryUpdatedResolver,
      TagResolver,
      ActorResolver,
      ActivityResolver,
      StarResolver,
      RegistryResolver,
      ViewerResolver,
      UsageResolver,
      ImageResolver,
      StaleImagesResolver,
      NamespaceResolver,
      RegistryActivityResolver,
      EventsResolver,
      UserResolver,
    ],
    pubSub: updates,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  return describeRootTypes(schema);
}

/** The SDL as committed: sorted, so the file only changes when the schema does. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return (
    "# Generated from src/graphql by `npm run build && npm run schema`; do not edit by hand.\n\n" +
    printSchema(lexicographicSortSchema(schema))
  );
}
