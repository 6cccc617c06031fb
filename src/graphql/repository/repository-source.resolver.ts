import { FieldResolver, Resolver, Root } from "type-graphql";
import { sourceOfRepository } from "../../read-model/repository-source";
import { Repository } from "./repository.type";

/** Repository.source: which registry (ingest source) the repository is on. */
@Resolver(() => Repository)
export class RepositorySourceResolver {
  @FieldResolver(() => String, {
    description:
      'The ingest source (registry) the repository is on: "default", or a name of ingest.sources. ' +
      "A repository of any other source than default is named <source>:<name>, so the same name on two " +
      "registries is two repositories.",
  })
  source(@Root() repository: Repository): string {
    return sourceOfRepository(repository.name);
  }
}
