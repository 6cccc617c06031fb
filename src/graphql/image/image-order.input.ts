import { Field, InputType, registerEnumType } from "type-graphql";
import { OrderDirection } from "../common/order-direction.enum";

/** What images can be ordered by. */
export enum ImageOrderField {
  PUSHED_AT = "PUSHED_AT",
  PULLS = "PULLS",
  LAST_PULLED = "LAST_PULLED",
  DIGEST = "DIGEST",
}

registerEnumType(ImageOrderField, {
  name: "ImageOrderField",
  description: "Sort key of an image list.",
  valuesConfig: {
    PUSHED_AT: { description: "pushedAt; never-pushed images come last in DESC, first in ASC." },
    PULLS: { description: "pullCount." },
    LAST_PULLED: { description: "lastPulledAt; never-pulled images come last in DESC, first in ASC." },
    DIGEST: { description: "The digest, by byte value." },
  },
});

/** Ordering of an image list. */
@InputType({ description: "Ordering of an image list; ties are broken by digest, ascending." })
export class ImageOrder {
  @Field(() => ImageOrderField, { description: "The sort key." })
  field!: ImageOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: "Defaults to ASC for DIGEST and DESC otherwise.",
  })
  direction?: OrderDirection | null;
}
