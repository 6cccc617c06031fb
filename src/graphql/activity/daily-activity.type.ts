import { Field, ObjectType } from "type-graphql";
import type { DailyActivity as DailyActivityStats } from "../../stats/activity.service";
import { DateScalar } from "../scalars/date.scalar";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** Pushes and pulls of one repository on one UTC day. */
@ObjectType({ description: "Pushes and pulls of a repository on one UTC day." })
export class DailyActivity implements DailyActivityStats {
  @Field(() => DateScalar, { description: "The UTC day." })
  date!: string;

  @Field(() => SafeIntScalar, { description: "Pushes on that UTC day; 0 when none." })
  pushCount!: number;

  @Field(() => SafeIntScalar, { description: "Pulls on that UTC day; 0 when none." })
  pullCount!: number;
}
