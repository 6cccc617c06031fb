import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { RepositoryFilter as FilterQuery, RepositorySortKey } from "../../stats/repository.service";
import { AFTER_ARG, FIRST_ARG, pageSize } from "../common/pagination";
import { OrderDirection } from "../common/order-direction.enum";
import { connection } from "../common/connection";
import type { GraphQLContext } from "../context";
import { badUserInput, unauthenticated } from "../errors";
import { pageCost } from "../limits";
import { SafeIntScalar } from "../scalars/safe-int.scalar";
import { checkedSource, SOURCE_ARG } from "../registry/source-arg";
import { RepositoryConnection } from "./repository-connection.type";
import { decodeRepositoryCursor, encodeRepositoryCursor, type Ordering } from "./repository-cursor";
import { RepositoryFilter } from "./repository-filter.input";
import { RepositoryOrder, RepositoryOrderField } from "./repository-order.input";
import { Repository } from "./repository.type";

const SORT_KEYS: Record<RepositoryOrderField, RepositorySortKey> = {
  NAME: "name",
  PULLS: "pulls",
  PUSHES: "pushes",
  STARS: "stars",
  LAST_PULLED: "lastPulled",
  LAST_PUSHED: "lastPushed",
};

const MAX_FILTER_LENGTH = 256;

/** Repository lookups and lists. */
@Resolver(() => RepositoryConnection)
export class RepositoryResolver {
  @Query(() => Repository, {
    nullable: true,
    description: "The repository with this exact name; null when unknown.",
  })
  repository(
    @Arg("name", () => String, { description: "Exact repository name, e.g. library/alpine." }) name: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Repository | null> {
    return ctx.services.repositories.get(name);
  }

  @Query(() => RepositoryConnection, {
    description:
      "Repositories, a page at a time. first is 20 by default; more than 100 is refused with BAD_USER_INPUT. " +
      "Ordered by PULLS DESC unless orderBy says otherwise, ties by name. Cursors encode the sort value " +
      "and name, so paging stays consistent while new events arrive.",
    complexity: pageCost(20),
  })
  async repositories(
    @Ctx() ctx: GraphQLContext,
    @Arg("first", () => Int, FIRST_ARG) first: number | null | undefined,
    @Arg("after", () => String, AFTER_ARG) after: string | null | undefined,
    @Arg("orderBy", () => RepositoryOrder, { nullable: true, description: "Sort order; null: PULLS DESC." })
    orderBy: RepositoryOrder | null | undefined,
    @Arg("filter", () => RepositoryFilter, {
      nullable: true,
      description: "Conditions; null: every repository.",
    })
    filter: RepositoryFilter | null | undefined,
    @Arg("source", () => String, SOURCE_ARG) source: string | null | undefined,
  ): Promise<RepositoryConnection> {
    const size = pageSize(first, 20);
    const ordering = toOrdering(orderBy);
    const only = checkedSource(ctx, source);
    const query = { ...toFilterQuery(filter, ctx.user), ...(only === undefined ? {} : { source: only }) };
    const position = after == null ? undefined : decodeRepositoryCursor(after, ordering);
    const page = await ctx.services.repositories.list({
      first: size,
      after: position,
      ...ordering,
      filter: query,
    });
    const edges = page.items.map((item) => ({
      cursor: encodeRepositoryCursor(ordering, item.position),
      node: item.repository,
    }));
    return { ...connection(edges, page.hasNextPage, after), filter: query };
  }

  @FieldResolver(() => SafeIntScalar)
  totalCount(@Root() connection: RepositoryConnection, @Ctx() ctx: GraphQLContext): Promise<number> {
    return ctx.services.repositories.count(connection.filter);
  }
}

function toOrdering(order: RepositoryOrder | null | undefined): Ordering {
  const field = order?.field ?? RepositoryOrderField.PULLS;
  const direction =
    order?.direction ?? (field === RepositoryOrderField.NAME ? OrderDirection.ASC : OrderDirection.DESC);
  return { sort: SORT_KEYS[field], direction: direction === OrderDirection.ASC ? "asc" : "desc" };
}

function toFilterQuery(filter: RepositoryFilter | null | undefined, user: string | null): FilterQuery {
  const query: FilterQuery = {};
  for (const key of ["namePrefix", "search"] as const) {
    const text = filter?.[key];
    if (text && text.length > MAX_FILTER_LENGTH)
      throw badUserInput(`filter.${key} is longer than ${MAX_FILTER_LENGTH} characters`);
    if (text) query[key] = text;
  }
  const starred = filter?.starredByViewer;
  if (starred === true) {
    if (user === null) throw unauthenticated("filter.starredByViewer needs an authenticated user");
    query.starredBy = user;
  } else if (starred === false && user !== null) {
    query.notStarredBy = user;
  }
  return query;
}
