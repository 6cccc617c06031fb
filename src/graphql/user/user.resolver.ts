import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";
import { RegistryUser } from "./registry-user.type";

/** Most repositories listed on a user; the count says how many there are. */
const MAX_REPOSITORIES = 100;

/** Query.user: one registry user's activity. */
@Resolver()
export class UserResolver {
  @Query(() => RegistryUser, {
    nullable: true,
    description:
      "A registry user's (event actor's) pushes and pulls across repositories; null when drec has no event of " +
      "theirs. Not the API user: that is viewer. The user's events are events(actor: name).",
  })
  async user(
    @Ctx() ctx: GraphQLContext,
    @Arg("name", () => String, { description: "The registry user name, as in the events' actor." })
    name: string,
  ): Promise<RegistryUser | null> {
    if (name === "" || name.length > 512) throw badUserInput('"name" must be 1 to 512 characters');
    const user = await ctx.services.users.get(name);
    return user && { ...user, repositories: user.repositories.slice(0, MAX_REPOSITORIES) };
  }
}
