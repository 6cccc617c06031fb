import { Field, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type";
import { SafeIntScalar } from "../scalars/safe-int.scalar";
import { Namespace } from "./namespace.type";

/** A namespace and its cursor. */
@ObjectType({ description: "A namespace in a list, with the cursor to continue after it." })
export class NamespaceEdge {
  @Field({ description: "Pass as after to get the namespaces following this one." })
  cursor!: string;

  @Field(() => Namespace, { description: "The namespace." })
  node!: Namespace;
}

/** A page of namespaces. */
@ObjectType({ description: "A page of namespaces (Relay connection)." })
export class NamespaceConnection {
  @Field(() => [NamespaceEdge], { description: "The page's namespaces with their cursors." })
  edges!: NamespaceEdge[];

  @Field(() => [Namespace], { description: "The page's namespaces." })
  nodes!: Namespace[];

  @Field(() => PageInfo, { description: "Where the page sits in the list." })
  pageInfo!: PageInfo;

  @Field(() => SafeIntScalar, { description: "Namespaces at this depth over all pages." })
  totalCount!: number;
}
