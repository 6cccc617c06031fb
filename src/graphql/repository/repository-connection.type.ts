import { Field, ObjectType } from "type-graphql";
import type { RepositoryFilter } from "../../stats/repository.service";
import { PageInfo } from "../common/page-info.type";
import { SafeIntScalar } from "../scalars/safe-int.scalar";
import { Repository } from "./repository.type";

/** A repository and its cursor. */
@ObjectType({ description: "A repository in a list, with the cursor to continue after it." })
export class RepositoryEdge {
  @Field({ description: "Opaque; pass as after to get the repositories that follow." })
  cursor!: string;

  @Field(() => Repository, { description: "The repository." })
  node!: Repository;
}

/** A page of repositories. */
@ObjectType({ description: "A page of repositories (Relay connection)." })
export class RepositoryConnection {
  @Field(() => [RepositoryEdge], { description: "The page's repositories with their cursors." })
  edges!: RepositoryEdge[];

  @Field(() => [Repository], { description: "The repositories of edges, for clients that need no cursors." })
  nodes!: Repository[];

  @Field(() => PageInfo, { description: "Cursors and whether more pages follow." })
  pageInfo!: PageInfo;

  @Field(() => SafeIntScalar, { description: "Repositories matching the filter, over all pages." })
  totalCount?: number;

  /** The list's filter, for totalCount; not part of the schema. */
  filter!: RepositoryFilter;
}
