import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { pageSize } from "../common/pagination";
import type { GraphQLContext } from "../context";
import { pageCost } from "../limits";
import { Repository } from "../repository/repository.type";
import { ActorStats } from "./actor-stats.type";

/** Repository.actorStats, batched across a page of repositories. */
@Resolver(() => Repository)
export class ActorResolver {
  @FieldResolver(() => [ActorStats], {
    description:
      "The busiest actors first (pushes plus pulls), then by name; first is 20 by default, at most 100.",
    complexity: pageCost(20),
  })
  async actorStats(
    @Root() repository: Repository,
    @Ctx() ctx: GraphQLContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "How many actors, 0 to 100." })
    first: number | null | undefined,
  ): Promise<ActorStats[]> {
    const size = pageSize(first, 20);
    const actors = await ctx.loaders.actors.load({ repository: repository.name, actors: repository.actors });
    return actors.slice(0, size);
  }
}
