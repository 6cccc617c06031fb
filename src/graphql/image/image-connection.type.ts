import { Field, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type";
import { SafeIntScalar } from "../scalars/safe-int.scalar";
import { Image } from "./image.type";

/** An image and its cursor. */
@ObjectType({ description: "An image in a list, with the cursor to continue after it." })
export class ImageEdge {
  @Field({ description: "Pass as after to get the images following this one." })
  cursor!: string;

  @Field(() => Image, { description: "The image." })
  node!: Image;
}

/** A page of one repository's images. */
@ObjectType({ description: "A page of a repository's images (Relay connection)." })
export class ImageConnection {
  @Field(() => [ImageEdge], { description: "The page's images with their cursors." })
  edges!: ImageEdge[];

  @Field(() => [Image], { description: "The page's images." })
  nodes!: Image[];

  @Field(() => PageInfo, { description: "Where the page sits in the list." })
  pageInfo!: PageInfo;

  @Field(() => SafeIntScalar, {
    description: "Images of the repository over all pages, deleted ones included.",
  })
  totalCount!: number;
}
