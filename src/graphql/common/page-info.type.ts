import { Field, ObjectType } from "type-graphql";

/** Relay page information for forward pagination. */
@ObjectType({ description: "Where a page sits in its list (forward pagination with first/after)." })
export class PageInfo {
  @Field({ description: "True when more items follow; fetch them with after: endCursor." })
  hasNextPage!: boolean;

  @Field({ description: "True when the page was asked for with an after cursor." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item, null on an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item, null on an empty page." })
  endCursor!: string | null;
}

/** Builds PageInfo from a page's cursors. */
export function pageInfo(cursors: string[], hasNextPage: boolean, after: string | null): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage: after !== null,
    startCursor: cursors[0] ?? null,
    endCursor: cursors[cursors.length - 1] ?? null,
  };
}
