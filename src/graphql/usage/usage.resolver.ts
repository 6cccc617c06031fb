import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context";
import { Repository } from "../repository/repository.type";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** Repository usage fields drec adds to the original's counts, batched across a page of repositories. */
@Resolver(() => Repository)
export class UsageResolver {
  @FieldResolver(() => SafeIntScalar, {
    description:
      "Checks: manifest HEADs (a client asking whether its image is current, or resolving a tag before " +
      "fetching by digest). A sign of use; never counted as pulls.",
  })
  async checkCount(@Root() repository: Repository, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.usage.load(repository.name)).checkCount;
  }

  @FieldResolver(() => SafeIntScalar, {
    description:
      "The pulls by automated clients (actor or user agent matching ingest.automated: scanners, " +
      "replication, CI robots). Included in pullCount; pullCount minus this is the people's pulls.",
  })
  async automatedPullCount(@Root() repository: Repository, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.usage.load(repository.name)).automatedPullCount;
  }

  @FieldResolver(() => DateTimeScalar, {
    nullable: true,
    description: "Last check (manifest HEAD; UTC, the registry's event time); null when never checked.",
  })
  async lastCheckedAt(@Root() repository: Repository, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    return (await ctx.loaders.usage.load(repository.name)).lastCheckedAt;
  }
}
