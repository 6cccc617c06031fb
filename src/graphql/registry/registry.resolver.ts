import { Ctx, FieldResolver, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { RegistrySummary } from "./registry-summary.type";

/** Query.registry, and the registry's configured address on it. */
@Resolver(() => RegistrySummary)
export class RegistryResolver {
  @Query(() => RegistrySummary, {
    description: "Repository count, total pushes, pulls and stars, and the registry's address.",
  })
  registry(@Ctx() ctx: GraphQLContext): Promise<RegistrySummary> {
    return ctx.services.registry.summary();
  }

  // A setting rather than a statistic, but it describes the registry: clients (the dashboard's
  // pull line) read it with the rest, through the API, instead of from drec's config.
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The registry's public address (host[:port]) for docker pull, from dashboard.registry_address; " +
      "null when not configured (clients then use the host they reach drec by).",
  })
  address(@Ctx() ctx: GraphQLContext): string | null {
    return ctx.services.registry.publicAddress();
  }
}
