import { Field, ObjectType } from "type-graphql";
import type { TagStats } from "../../stats/tag.service";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** A tag of a repository and its statistics. */
@ObjectType({ description: "A tag of a repository and what drec counted about it." })
export class Tag implements Omit<TagStats, "repository"> {
  @Field({ description: "Tag name, e.g. latest." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Digest of the manifest the tag last pointed to." })
  digest!: string | null;

  @Field(() => String, { nullable: true, description: "Media type of that manifest." })
  mediaType!: string | null;

  @Field(() => SafeIntScalar, { description: "Pushes of this tag." })
  pushCount!: number;

  @Field(() => SafeIntScalar, { description: "Pulls by this tag name (GET of image manifests and indexes)." })
  pullCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Last push of this tag (UTC ISO-8601); null when never pushed.",
  })
  lastPushedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Last pull by this tag name (UTC ISO-8601); null when never pulled.",
  })
  lastPulledAt!: Date | null;

  @Field({ description: "True once the tag was deleted from the registry." })
  deleted!: boolean;
}
