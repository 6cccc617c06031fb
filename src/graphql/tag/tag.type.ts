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

  @Field(() => SafeIntScalar, {
    description:
      "Pulls of this tag: image manifest GETs that named it, or GETs by digest credited to it (the tag the " +
      "client just resolved, else every tag pointing at the digest); once per platform manifest fetched.",
  })
  pullCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Last push of this tag (UTC ISO-8601); null when never pushed.",
  })
  lastPushedAt!: Date | null;

  @Field(() => SafeIntScalar, {
    description:
      "The pulls of this tag by automated clients (ingest.automated); included in pullCount, and by " +
      "default they do not move lastPulledAt.",
  })
  automatedPullCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "Last pull counted for the tag (UTC ISO-8601, the registry's event time); null when never pulled. " +
      "Automated pulls (ingest.automated) do not move it by default.",
  })
  lastPulledAt!: Date | null;

  @Field(() => SafeIntScalar, {
    description: "Checks: manifest HEADs that named this tag (a sign of use, never counted as pulls).",
  })
  checkCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Last check of the tag (UTC, the registry's event time); null when never checked.",
  })
  lastCheckedAt!: Date | null;

  @Field({ description: "True once the tag was deleted from the registry." })
  deleted!: boolean;
}
