import { Field, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type";
import { SafeIntScalar } from "../scalars/safe-int.scalar";
import { StaleImage } from "./stale-image.type";

/** A stale image and its cursor. */
@ObjectType({ description: "A stale image in a list, with the cursor to continue after it." })
export class StaleImageEdge {
  @Field({ description: "Pass as after to get the stale images following this one." })
  cursor!: string;

  @Field(() => StaleImage, { description: "The stale image." })
  node!: StaleImage;
}

/** A page of cleanup candidates. */
@ObjectType({ description: "A page of stale images (Relay connection)." })
export class StaleImageConnection {
  @Field(() => [StaleImageEdge], { description: "The page's stale images with their cursors." })
  edges!: StaleImageEdge[];

  @Field(() => [StaleImage], { description: "The page's stale images." })
  nodes!: StaleImage[];

  @Field(() => PageInfo, { description: "Where the page sits in the list." })
  pageInfo!: PageInfo;

  @Field(() => SafeIntScalar, { description: "Stale images over all pages." })
  totalCount!: number;
}
