import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { StalePosition, StaleSortKey } from "../../stats/stale-images.service";
import { staleQueryProblem } from "../../stats/stale-image-row";
import { connection } from "../common/connection";
import { OrderDirection } from "../common/order-direction.enum";
import { AFTER_ARG, decodeCursor, encodeCursor, FIRST_ARG, pageSize } from "../common/pagination";
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";
import { pageCost } from "../limits";
import { StaleImageConnection } from "./stale-image-connection.type";
import { StaleImageOrder, StaleImageOrderField } from "./stale-image-order.input";
import type { StaleImage, StaleReason } from "./stale-image.type";

const SORT_KEYS: Record<StaleImageOrderField, StaleSortKey> = { AGE: "age", SIZE: "size" };

/** Query.staleImages: cleanup candidates across the registry or one namespace. */
@Resolver()
export class StaleImagesResolver {
  @Query(() => StaleImageConnection, {
    description:
      "Images (manifests by digest, not deleted) not pulled, checked or pushed for olderThanDays days: cleanup " +
      "candidates, a page at a time (first 20 by default, at most 100). Ordered by AGE DESC (longest unused " +
      "first) unless orderBy says otherwise. Reads every image of the registry (or namespace) per page. The " +
      "same rows as GET /api/v1/reports/stale-images.",
    complexity: pageCost(20),
  })
  async staleImages(
    @Ctx() ctx: GraphQLContext,
    @Arg("olderThanDays", () => Int, { description: "Days without use, 1 to 36500." }) olderThanDays: number,
    @Arg("namespace", () => String, {
      nullable: true,
      description: 'Only repositories under this path prefix, e.g. "team" for team/…; null: all.',
    })
    namespace: string | null | undefined,
    @Arg("includeAutomated", () => Boolean, {
      defaultValue: false,
      description: "Count pulls by automated clients (ingest.automated) as use; by default they are not.",
    })
    includeAutomated: boolean,
    @Arg("first", () => Int, FIRST_ARG) first: number | null | undefined,
    @Arg("after", () => String, AFTER_ARG) after: string | null | undefined,
    @Arg("orderBy", () => StaleImageOrder, { nullable: true, description: "Sort order; null: AGE DESC." })
    orderBy: StaleImageOrder | null | undefined,
  ): Promise<StaleImageConnection> {
    const problem = staleQueryProblem(olderThanDays, namespace);
    if (problem) throw badUserInput(problem.replace("older than days", "olderThanDays"));
    const size = pageSize(first, 20);
    const sort = SORT_KEYS[orderBy?.field ?? StaleImageOrderField.AGE];
    const direction = (orderBy?.direction ?? OrderDirection.DESC) === OrderDirection.ASC ? "asc" : "desc";
    const page = await ctx.services.staleImages.page({
      olderThanDays,
      namespace,
      includeAutomated,
      now: new Date(),
      first: size,
      after: after == null ? undefined : decodeStaleCursor(after, sort),
      sort,
      direction,
    });
    const edges = page.items.map(({ image, position }) => ({
      cursor: encodeCursor({ s: sort, v: position.value, r: position.repository, d: position.digest }),
      node: { ...image, reason: image.reason as StaleReason } satisfies StaleImage,
    }));
    return { ...connection(edges, page.hasNextPage, after), totalCount: page.totalCount };
  }
}

function decodeStaleCursor(cursor: string, sort: StaleSortKey): StalePosition {
  const { s, v, r, d } = decodeCursor(cursor);
  if (s !== sort || typeof r !== "string" || typeof d !== "string" || !(v === null || typeof v === "number"))
    throw badUserInput('"after" is not a cursor of this stale-image ordering');
  return { value: v, repository: r, digest: d };
}
