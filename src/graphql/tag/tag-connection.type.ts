import { Field, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type";
import { SafeIntScalar } from "../scalars/safe-int.scalar";
import { Tag } from "./tag.type";

/** A tag and its cursor. */
@ObjectType({ description: "A tag in a list, with the cursor to continue after it." })
export class TagEdge {
  @Field()
  cursor!: string;

  @Field(() => Tag)
  node!: Tag;
}

/** A page of one repository's tags, ordered by name. */
@ObjectType({ description: "A page of a repository's tags, ordered by tag name (Relay connection)." })
export class TagConnection {
  @Field(() => [TagEdge])
  edges!: TagEdge[];

  @Field(() => [Tag])
  nodes!: Tag[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => SafeIntScalar, { description: "Tags of the repository over all pages." })
  totalCount!: number;
}
