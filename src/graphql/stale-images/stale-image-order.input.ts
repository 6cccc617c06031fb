import { Field, InputType, registerEnumType } from "type-graphql";
import { OrderDirection } from "../common/order-direction.enum";

/** What stale images can be ordered by. */
export enum StaleImageOrderField {
  AGE = "AGE",
  SIZE = "SIZE",
}

registerEnumType(StaleImageOrderField, {
  name: "StaleImageOrderField",
  description: "Sort key of a stale-image list.",
  valuesConfig: {
    AGE: { description: "Time since lastUsedAt; DESC lists the longest unused first (none used: oldest)." },
    SIZE: { description: "size; images of unknown size come last in DESC, first in ASC." },
  },
});

/** Ordering of a stale-image list. */
@InputType({ description: "Ordering of a stale-image list; ties by repository, then digest, ascending." })
export class StaleImageOrder {
  @Field(() => StaleImageOrderField, { description: "The sort key." })
  field!: StaleImageOrderField;

  @Field(() => OrderDirection, { nullable: true, description: "Defaults to DESC." })
  direction?: OrderDirection | null;
}
