import { Field, ObjectType } from "type-graphql";
import type { UserActivity, UserRepositoryStats } from "../../stats/user-activity.service";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** One repository as one registry user used it. */
@ObjectType({ description: "How much one registry user pushed and pulled one repository." })
export class UserRepositoryActivity implements UserRepositoryStats {
  @Field({ description: "The repository." })
  repository!: string;

  @Field(() => SafeIntScalar, { description: "Pushes by the user." })
  pushCount!: number;

  @Field(() => SafeIntScalar, { description: "Pulls by the user." })
  pullCount!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: "The user's latest event there (UTC)." })
  lastSeenAt!: Date | null;
}

/** A registry user's activity across repositories. */
@ObjectType({
  description:
    "A registry user (the actor of registry events, not an API user) and what they pushed and pulled, across " +
    "repositories.",
})
export class RegistryUser implements UserActivity {
  @Field({ description: "The registry user name." })
  name!: string;

  @Field(() => SafeIntScalar, { description: "Pushes over every repository." })
  pushCount!: number;

  @Field(() => SafeIntScalar, { description: "Pulls over every repository." })
  pullCount!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: "The user's latest event anywhere (UTC)." })
  lastSeenAt!: Date | null;

  @Field(() => SafeIntScalar, { description: "Repositories the user pushed or pulled." })
  repositoryCount!: number;

  @Field(() => [UserRepositoryActivity], {
    description: "Each repository the user pushed or pulled, most recently seen first (at most 100 here).",
  })
  repositories!: UserRepositoryActivity[];
}
