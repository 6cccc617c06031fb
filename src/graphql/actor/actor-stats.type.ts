import { Field, ObjectType } from "type-graphql";
import type { ActorStats as ActorStatsRecord } from "../../stats/actor.service";
import { DateTimeScalar } from "../scalars/date-time.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** How much one registry user pushed and pulled a repository. */
@ObjectType({ description: "How much one registry user (the event's actor) pushed and pulled a repository." })
export class ActorStats implements Omit<ActorStatsRecord, "repository"> {
  @Field({ description: "The registry user name." })
  name!: string;

  @Field(() => SafeIntScalar, { description: "Pushes (manifest pushes) by this actor." })
  pushCount!: number;

  @Field(() => SafeIntScalar, { description: "Pulls (manifest GETs) by this actor." })
  pullCount!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Time of the actor's latest event (UTC ISO-8601).",
  })
  lastSeenAt!: Date | null;
}
