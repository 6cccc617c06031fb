import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { ImagePosition, ImageSortKey } from "../../stats/image-order";
import { imagePage } from "../../stats/image-order";
import { decodeCursor, encodeCursor, pageSize } from "../common/pagination";
import { OrderDirection } from "../common/order-direction.enum";
import { connection } from "../common/connection";
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";
import { pageCost } from "../limits";
import { Repository } from "../repository/repository.type";
import { ImageConnection } from "./image-connection.type";
import { ImageOrder, ImageOrderField } from "./image-order.input";

const SORT_KEYS: Record<ImageOrderField, ImageSortKey> = {
  PUSHED_AT: "pushedAt",
  PULLS: "pulls",
  LAST_PULLED: "lastPulled",
  DIGEST: "digest",
};

/** Repository.images, batched across a page of repositories. */
@Resolver(() => Repository)
export class ImageResolver {
  @FieldResolver(() => ImageConnection, {
    description:
      "The repository's images (manifests by digest, deleted ones included); first is 20 by default, at " +
      "most 100. Ordered by PUSHED_AT DESC unless orderBy says otherwise.",
    complexity: pageCost(20),
  })
  async images(
    @Root() repository: Repository,
    @Ctx() ctx: GraphQLContext,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, 0 to 100." })
    first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." })
    after: string | null | undefined,
    @Arg("orderBy", () => ImageOrder, { nullable: true, description: "Sort key and direction." })
    orderBy: ImageOrder | null | undefined,
  ): Promise<ImageConnection> {
    const size = pageSize(first, 20);
    const field = orderBy?.field ?? ImageOrderField.PUSHED_AT;
    const sort = SORT_KEYS[field];
    const fallback = field === ImageOrderField.DIGEST ? OrderDirection.ASC : OrderDirection.DESC;
    const direction = (orderBy?.direction ?? fallback) === OrderDirection.ASC ? "asc" : "desc";
    const position = after == null ? undefined : decodeImageCursor(after, sort);
    const images = await ctx.loaders.images.load(repository.name);
    const page = imagePage(images, { first: size, after: position, sort, direction });
    const edges = page.items.map((item) => ({
      cursor: encodeCursor({ s: sort, v: item.position.value, d: item.position.digest }),
      node: item.image,
    }));
    return { ...connection(edges, page.hasNextPage, after), totalCount: page.totalCount };
  }
}

function decodeImageCursor(cursor: string, sort: ImageSortKey): ImagePosition {
  const { s, v, d } = decodeCursor(cursor);
  const value = sort === "digest" ? typeof v === "string" : v === null || typeof v === "number";
  if (s !== sort || typeof d !== "string" || !value)
    throw badUserInput('"after" is not a cursor of this image ordering');
  return { value: v as number | string | null, digest: d };
}
