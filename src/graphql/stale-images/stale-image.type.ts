import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { StaleImage as StaleImageRow } from "../../stats/stale-image-row";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** Why an image is a cleanup candidate. */
export enum StaleReason {
  NEVER_PULLED = "NEVER_PULLED",
  ONLY_AUTOMATED_PULLS = "ONLY_AUTOMATED_PULLS",
  NOT_PULLED_RECENTLY = "NOT_PULLED_RECENTLY",
}

registerEnumType(StaleReason, {
  name: "StaleReason",
  description: "Why an image is listed as stale.",
  valuesConfig: {
    NEVER_PULLED: { description: "Never pulled; its age counts from its push (or its last check)." },
    ONLY_AUTOMATED_PULLS: {
      description: "Pulled only by automated clients (ingest.automated), which do not count as use here.",
    },
    NOT_PULLED_RECENTLY: { description: "Pulled, but not within the asked number of days." },
  },
});

/** One cleanup candidate. */
@ObjectType({
  description:
    "An image (manifest by digest) not pulled, checked or pushed for the asked number of days: a cleanup " +
    "candidate. drec never deletes anything in the registry.",
})
export class StaleImage implements Omit<StaleImageRow, "reason"> {
  @Field({ description: "The repository, e.g. team/app." })
  repository!: string;

  @Field({ description: "Content digest, e.g. sha256:…; delete by this digest." })
  digest!: string;

  @Field(() => [String], {
    description: "Tags (not deleted) pointing at this digest, by name; may be empty.",
  })
  tags!: string[];

  @Field(() => String, { nullable: true, description: "Manifest media type; null when never reported." })
  mediaType!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "First push (UTC); null when never pushed." })
  pushedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "Last GET by a person (UTC); null when never pulled. Automated GETs do not move it by default.",
  })
  lastPulledAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Last HEAD (UTC); null when never checked." })
  lastCheckedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "The newest push, pull or check (and automated pull with includeAutomated): the age counts from it.",
  })
  lastUsedAt!: Date | null;

  @Field(() => SafeIntScalar, { description: "GETs of this manifest, automated ones included." })
  pullCount!: number;

  @Field(() => SafeIntScalar, { description: "The part of pullCount by automated clients." })
  automatedPullCount!: number;

  @Field(() => SafeIntScalar, {
    nullable: true,
    description:
      "Bytes of the config and layers the manifest references (compressed); null when unknown: indexes, " +
      "and registries whose events carry no references.",
  })
  size!: number | null;

  @Field(() => StaleReason, { description: "Why it is listed." })
  reason!: StaleReason;
}
