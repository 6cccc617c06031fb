import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { requireUser } from "../auth";
import type { GraphQLContext } from "../context";
import { notFound } from "../errors";
import { Repository } from "../repository/repository.type";

/** Starring and Repository.viewerHasStarred. */
@Resolver(() => Repository)
export class StarResolver {
  @Mutation(() => Repository, {
    description: "Stars the repository for the viewer (needs a user). Starring twice changes nothing.",
  })
  starRepository(
    @Arg("name", () => String, { description: "Exact repository name." }) name: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Repository> {
    return change(ctx, name, true);
  }

  @Mutation(() => Repository, {
    description: "Removes the viewer's star (needs a user). Unstarring when not starred changes nothing.",
  })
  unstarRepository(
    @Arg("name", () => String, { description: "Exact repository name." }) name: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Repository> {
    return change(ctx, name, false);
  }

  @FieldResolver(() => Boolean, {
    description: "Whether the viewer starred it; false for anonymous viewers.",
  })
  viewerHasStarred(@Root() repository: Repository, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.loaders.starred.load(repository.name);
  }
}

async function change(ctx: GraphQLContext, name: string, star: boolean): Promise<Repository> {
  const user = requireUser(ctx.user, star ? "starRepository" : "unstarRepository");
  const result = star
    ? await ctx.services.stars.star(name, user)
    : await ctx.services.stars.unstar(name, user);
  if (!result) throw notFound(`no repository named ${JSON.stringify(name)}`);
  // The outcome is known; a cached answer from earlier in the operation would be stale.
  ctx.loaders.starred.clear(name).prime(name, star);
  return result.repository;
}
