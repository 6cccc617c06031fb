import { Field, ObjectType } from "type-graphql";
import type { ActorStats as ActorStatsRecord } from "../../stats/actor.service";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** How much one registry user pushed and pulled a repository. */
@ObjectType({ description: "How much one registry user (the event's actor) pushed and pulled a repository." })
export class ActorStats implements Omit<ActorStatsRecord, "repository"> {
  @Field({ description: "The registry user name." })
  name!: string;

  @Field(() => SafeIntScalar)
  pushCount!: number;

  @Field(() => SafeIntScalar)
  pullCount!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: "Time of the actor's latest event." })
  lastSeenAt!: Date | null;
}
