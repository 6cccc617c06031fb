import { Field, ObjectType } from "type-graphql";
import type { RepositoryStats } from "../../stats/repository.service";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** A repository's statistics; tags, actors, activity and stars come from field resolvers. */
@ObjectType({ description: "A repository of the registry and what drec counted about it." })
export class Repository implements RepositoryStats {
  @Field({ description: "Repository name as the registry knows it, e.g. library/alpine." })
  name!: string;

  @Field(() => SafeIntScalar, { description: "Image pushes: manifest pushes; blob uploads are not counted." })
  pushCount!: number;

  @Field(() => SafeIntScalar, {
    description:
      "Image pulls: image manifest GETs; HEAD checks and index GETs are not counted, so a multi-arch pull counts once per platform fetched.",
  })
  pullCount!: number;

  @Field(() => SafeIntScalar, { description: "How many users starred the repository." })
  starCount!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: "First push; null when never pushed." })
  firstPushedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Last push; null when never pushed." })
  lastPushedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "First pull; null when never pulled." })
  firstPulledAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "Last pull; null when never pulled. Automated pulls (ingest.automated) do not move it by default.",
  })
  lastPulledAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When drec first saw the repository; null for repositories from the original collector.",
  })
  createdAt!: Date | null;

  @Field(() => [String], { description: "Names of everyone who pushed or pulled the repository." })
  actors!: string[];
}
