import { Field, InputType, registerEnumType } from "type-graphql";
import { OrderDirection } from "../common/order-direction.enum";

/** What namespaces can be ordered by. */
export enum NamespaceOrderField {
  NAME = "NAME",
  REPOSITORIES = "REPOSITORIES",
  PULLS = "PULLS",
  PUSHES = "PUSHES",
  STARS = "STARS",
}

registerEnumType(NamespaceOrderField, {
  name: "NamespaceOrderField",
  description: "Sort key of a namespace list.",
  valuesConfig: {
    NAME: { description: "The name, by byte value." },
    REPOSITORIES: { description: "repositoryCount." },
    PULLS: { description: "pullCount." },
    PUSHES: { description: "pushCount." },
    STARS: { description: "starCount." },
  },
});

/** Ordering of a namespace list. */
@InputType({ description: "Ordering of a namespace list; ties are broken by name, ascending." })
export class NamespaceOrder {
  @Field(() => NamespaceOrderField, { description: "The sort key." })
  field!: NamespaceOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: "Defaults to ASC for NAME and DESC otherwise.",
  })
  direction?: OrderDirection | null;
}
