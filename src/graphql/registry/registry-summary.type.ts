import { Field, ObjectType } from "type-graphql";
import type { RegistrySummary as Summary } from "../../stats/registry.service";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** Totals over every repository; the resolver adds the registry's address. */
@ObjectType({ description: "Totals over every repository drec knows, and the registry's public address." })
export class RegistrySummary implements Summary {
  @Field(() => SafeIntScalar)
  repositoryCount!: number;

  @Field(() => SafeIntScalar)
  pushCount!: number;

  @Field(() => SafeIntScalar)
  pullCount!: number;

  @Field(() => SafeIntScalar)
  starCount!: number;
}
