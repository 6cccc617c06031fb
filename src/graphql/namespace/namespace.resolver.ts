import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { NamespacePosition, NamespaceSortKey } from "../../stats/namespace-page";
import { namespacePage } from "../../stats/namespace-page";
import { staleQueryProblem } from "../../stats/stale-image-row";
import { DailyActivity } from "../activity/daily-activity.type";
import { ACTIVITY_DAYS_ARG, checkActivityDays } from "../activity/activity.resolver";
import { connection } from "../common/connection";
import { OrderDirection } from "../common/order-direction.enum";
import { AFTER_ARG, decodeCursor, encodeCursor, FIRST_ARG, pageSize } from "../common/pagination";
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";
import { pageCost } from "../limits";
import { NamespaceConnection } from "./namespace-connection.type";
import { NamespaceOrder, NamespaceOrderField } from "./namespace-order.input";
import { Namespace } from "./namespace.type";

const SORT_KEYS: Record<NamespaceOrderField, NamespaceSortKey> = {
  NAME: "name",
  REPOSITORIES: "repositories",
  PULLS: "pulls",
  PUSHES: "pushes",
  STARS: "stars",
};

/** Deepest namespace level asked for; repository names rarely have more segments. */
const MAX_DEPTH = 10;

/** Query.namespaces, Query.namespace and Namespace.activity. */
@Resolver(() => Namespace)
export class NamespaceResolver {
  @Query(() => NamespaceConnection, {
    description:
      "Namespaces (the first depth path segments of repository names; a shorter name is its own namespace) " +
      "with their totals, a page at a time (first 20 by default, at most 100). Ordered by PULLS DESC unless " +
      "orderBy says otherwise.",
    complexity: pageCost(20),
  })
  async namespaces(
    @Ctx() ctx: GraphQLContext,
    @Arg("depth", () => Int, {
      defaultValue: 1,
      description: `Path segments per namespace, 1 to ${MAX_DEPTH}.`,
    })
    depth: number,
    @Arg("first", () => Int, FIRST_ARG) first: number | null | undefined,
    @Arg("after", () => String, AFTER_ARG) after: string | null | undefined,
    @Arg("orderBy", () => NamespaceOrder, { nullable: true, description: "Sort order; null: PULLS DESC." })
    orderBy: NamespaceOrder | null | undefined,
  ): Promise<NamespaceConnection> {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH)
      throw badUserInput(`"depth" must be between 1 and ${MAX_DEPTH}; got ${depth}`);
    const size = pageSize(first, 20);
    const field = orderBy?.field ?? NamespaceOrderField.PULLS;
    const sort = SORT_KEYS[field];
    const fallback = field === NamespaceOrderField.NAME ? OrderDirection.ASC : OrderDirection.DESC;
    const direction = (orderBy?.direction ?? fallback) === OrderDirection.ASC ? "asc" : "desc";
    const all = await ctx.services.namespaces.all(depth);
    const position = after == null ? undefined : decodeNamespaceCursor(after, sort);
    const page = namespacePage(all, { first: size, after: position, sort, direction });
    const edges = page.items.map(({ namespace, position: p }) => ({
      cursor: encodeCursor({ s: sort, v: p.value, n: p.name }),
      node: namespace,
    }));
    return { ...connection(edges, page.hasNextPage, after), totalCount: all.length };
  }

  @Query(() => Namespace, {
    nullable: true,
    description:
      'The namespace with this name (e.g. "team" or "team/backend"); null when no repository is in it.',
  })
  namespace(
    @Ctx() ctx: GraphQLContext,
    @Arg("name", () => String, { description: "The namespace: one or more leading path segments." })
    name: string,
  ): Promise<Namespace | null> {
    const problem = staleQueryProblem(1, name);
    if (problem) throw badUserInput(problem.replace("namespace", '"name"'));
    return ctx.services.namespaces.get(name);
  }

  @FieldResolver(() => [DailyActivity], {
    description:
      "Pushes and pulls summed over the namespace's repositories, one entry per UTC day, oldest first, ending " +
      "today; days is 30 by default and at most 366.",
    complexity: pageCost(30, "days"),
  })
  activity(
    @Root() namespace: Namespace,
    @Ctx() ctx: GraphQLContext,
    @Arg("days", () => Int, ACTIVITY_DAYS_ARG) days: number | null | undefined,
  ): Promise<DailyActivity[]> {
    return ctx.services.namespaces.activity(namespace.name, checkActivityDays(days));
  }
}

function decodeNamespaceCursor(cursor: string, sort: NamespaceSortKey): NamespacePosition {
  const { s, v, n } = decodeCursor(cursor);
  const value = sort === "name" ? typeof v === "string" : typeof v === "number";
  if (s !== sort || typeof n !== "string" || !value)
    throw badUserInput('"after" is not a cursor of this namespace ordering');
  return { value: v as number | string, name: n };
}
