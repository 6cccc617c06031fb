import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { AFTER_ARG, decodeCursor, encodeCursor, FIRST_ARG, pageSize } from "../common/pagination";
import { connection } from "../common/connection";
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";
import { pageCost } from "../limits";
import { Repository } from "../repository/repository.type";
import { TagConnection } from "./tag-connection.type";

/** Repository.tags, batched across a page of repositories. */
@Resolver(() => Repository)
export class TagResolver {
  @FieldResolver(() => TagConnection, {
    description:
      "The repository's tags by name; first is 20 by default, at most 100. Deleted tags are left out unless asked for.",
    complexity: pageCost(20),
  })
  async tags(
    @Root() repository: Repository,
    @Ctx() ctx: GraphQLContext,
    @Arg("first", () => Int, FIRST_ARG) first: number | null | undefined,
    @Arg("after", () => String, AFTER_ARG) after: string | null | undefined,
    @Arg("includeDeleted", () => Boolean, {
      defaultValue: false,
      description: "Also list tags deleted from the registry.",
    })
    includeDeleted: boolean,
  ): Promise<TagConnection> {
    const page = await ctx.loaders.tags.load({
      repository: repository.name,
      first: pageSize(first, 20),
      after: after == null ? undefined : decodeTagCursor(after),
      includeDeleted,
    });
    const edges = page.tags.map((tag) => ({ cursor: encodeCursor({ t: tag.name }), node: tag }));
    return { ...connection(edges, page.hasNextPage, after), totalCount: page.totalCount };
  }
}

function decodeTagCursor(cursor: string): string {
  const { t } = decodeCursor(cursor);
  if (typeof t !== "string") throw badUserInput('"after" is not a tag cursor');
  return t;
}
