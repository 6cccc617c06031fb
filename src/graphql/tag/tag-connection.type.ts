import { Field, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type";
import { SafeIntScalar } from "../scalars/safe-int.scalar";
import { Tag } from "./tag.type";

/** A tag and its cursor. */
@ObjectType({ description: "A tag in a list, with the cursor to continue after it." })
export class TagEdge {
  @Field({ description: "Opaque; pass as after to get the tags that follow." })
  cursor!: string;

  @Field(() => Tag, { description: "The tag." })
  node!: Tag;
}

/** A page of one repository's tags, ordered by name. */
@ObjectType({ description: "A page of a repository's tags, ordered by tag name (Relay connection)." })
export class TagConnection {
  @Field(() => [TagEdge], { description: "The page's tags with their cursors." })
  edges!: TagEdge[];

  @Field(() => [Tag], { description: "The tags of edges, for clients that need no cursors." })
  nodes!: Tag[];

  @Field(() => PageInfo, { description: "Cursors and whether more pages follow." })
  pageInfo!: PageInfo;

  @Field(() => SafeIntScalar, { description: "Tags of the repository over all pages." })
  totalCount!: number;
}
