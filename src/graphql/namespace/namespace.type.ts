import { Field, ObjectType } from "type-graphql";
import type { NamespaceStats } from "../../stats/namespace.service";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** A namespace and its totals. */
@ObjectType({
  description:
    "A namespace: the repositories whose names start with the same path segments (team for team/app and " +
    "team/api), with their totals.",
})
export class Namespace implements NamespaceStats {
  @Field({ description: 'The namespace, e.g. "team" or "team/backend".' })
  name!: string;

  @Field(() => SafeIntScalar, { description: "Repositories in the namespace." })
  repositoryCount!: number;

  @Field(() => SafeIntScalar, { description: "Pulls over its repositories." })
  pullCount!: number;

  @Field(() => SafeIntScalar, { description: "Pushes over its repositories." })
  pushCount!: number;

  @Field(() => SafeIntScalar, { description: "Stars over its repositories." })
  starCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Newest pull of any of its repositories (UTC).",
  })
  lastPulledAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Newest push to any of its repositories (UTC).",
  })
  lastPushedAt!: Date | null;
}
