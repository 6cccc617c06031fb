import { Arg, Ctx, Resolver, Root, Subscription, type SubscriptionHandlerData } from "type-graphql";
import type { GraphQLContext } from "../context";
import { notFound } from "../errors";
import { Repository } from "./repository.type";

interface Args {
  name?: string | null;
}

/** Subscription.repositoryUpdated, fed by ingest and stars through the app's update bus. */
@Resolver()
export class RepositoryUpdatedResolver {
  @Subscription(() => Repository, {
    topics: "REPOSITORY_UPDATED",
    filter: ({ payload, args }: SubscriptionHandlerData<string, Args>) => !args.name || payload === args.name,
    description:
      "Fires after each counted event or star change of the named repository, or of any repository when " +
      "name is null. The repository is read fresh for every notification. Over graphql-ws at the GraphQL path.",
  })
  async repositoryUpdated(
    @Root() name: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("name", () => String, {
      nullable: true,
      description: "Exact repository name; null: every repository.",
    })
    _name: string | null | undefined,
  ): Promise<Repository> {
    const repository = await ctx.services.repositories.get(name);
    if (!repository) throw notFound(`repository ${JSON.stringify(name)} is gone`);
    return repository;
  }
}
