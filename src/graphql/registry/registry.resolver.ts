import { Arg, Ctx, FieldResolver, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { RegistrySummary } from "./registry-summary.type";
import { checkedSource, SOURCE_ARG } from "./source-arg";

/** Query.registry, and the registry's configured address on it. */
@Resolver(() => RegistrySummary)
export class RegistryResolver {
  @Query(() => RegistrySummary, {
    description:
      "Repository count, total pushes, pulls and stars (of every source, or of one), and the registry's address.",
  })
  registry(
    @Ctx() ctx: GraphQLContext,
    @Arg("source", () => String, SOURCE_ARG) source: string | null | undefined,
  ): Promise<RegistrySummary> {
    return ctx.services.registry.summary(checkedSource(ctx, source));
  }

  @FieldResolver(() => [String], {
    description:
      'The ingest sources (registries) drec receives events from: "default" and the names of ingest.sources. ' +
      "Clients show a source switcher only when there is more than one.",
  })
  sources(@Ctx() ctx: GraphQLContext): string[] {
    return ctx.services.registry.sources();
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
