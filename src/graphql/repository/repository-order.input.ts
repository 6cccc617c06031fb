import { Field, InputType, registerEnumType } from "type-graphql";
import { OrderDirection } from "../common/order-direction.enum";

/** What repositories can be ordered by. */
export enum RepositoryOrderField {
  NAME = "NAME",
  PULLS = "PULLS",
  PUSHES = "PUSHES",
  STARS = "STARS",
  LAST_PULLED = "LAST_PULLED",
  LAST_PUSHED = "LAST_PUSHED",
}

registerEnumType(RepositoryOrderField, {
  name: "RepositoryOrderField",
  description: "Sort key of a repository list.",
  valuesConfig: {
    NAME: { description: "Repository name, by byte value (no collation)." },
    PULLS: { description: "pullCount." },
    PUSHES: { description: "pushCount." },
    STARS: { description: "starCount." },
    LAST_PULLED: { description: "lastPulledAt; never-pulled repositories come last in DESC, first in ASC." },
    LAST_PUSHED: { description: "lastPushedAt; never-pushed repositories come last in DESC, first in ASC." },
  },
});

/** Ordering of a repository list. */
@InputType({ description: "Ordering of a repository list; ties are broken by name, ascending." })
export class RepositoryOrder {
  @Field(() => RepositoryOrderField, { description: "What to sort by." })
  field!: RepositoryOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: "Defaults to ASC for NAME and DESC otherwise.",
  })
  direction?: OrderDirection | null;
}
