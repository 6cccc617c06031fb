import { Field, ObjectType } from "type-graphql";
import type { ImageStats } from "../../stats/image.service";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** One manifest of a repository, by digest, and its statistics. */
@ObjectType({
  description:
    "An image of a repository by digest: an image manifest, or an index (multi-platform) that lists them.",
})
export class Image implements Omit<ImageStats, "repository"> {
  @Field({ description: "Content digest, e.g. sha256:…" })
  digest!: string;

  @Field(() => String, { nullable: true, description: "Manifest media type; null when never reported." })
  mediaType!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "os/architecture[/variant] as an index of the repository names it; null for indexes, single-platform " +
      "images and registries whose events carry no platforms (distribution 2.8).",
  })
  platform!: string | null;

  @Field(() => [String], { description: "Tags (not deleted) whose current digest is this one, by name." })
  tags!: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: "First push (UTC); null when never pushed." })
  pushedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "Who made the first push; null when never pushed or pushed anonymously.",
  })
  pushedBy!: string | null;

  @Field(() => SafeIntScalar, {
    description: "GETs of this manifest (an index counts its own GETs, which are not repository pulls).",
  })
  pullCount!: number;

  @Field(() => SafeIntScalar, {
    description:
      "The GETs of this manifest by automated clients (ingest.automated); included in pullCount, and by " +
      "default they do not move lastPulledAt.",
  })
  automatedPullCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Last GET (UTC); null when never pulled. Automated GETs do not move it by default.",
  })
  lastPulledAt!: Date | null;

  @Field(() => SafeIntScalar, { description: "Checks: HEADs of this manifest, never counted as pulls." })
  checkCount!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: "Last HEAD (UTC); null when never checked." })
  lastCheckedAt!: Date | null;

  @Field({
    description: "True once the manifest was deleted from the registry (and not pushed again since).",
  })
  deleted!: boolean;
}
