import { Field, ObjectType } from "type-graphql";
import type { RegistrySummary as Summary } from "../../stats/registry.service";
import { SafeIntScalar } from "../scalars/safe-int.scalar";

/** Totals over every repository; the resolver adds the registry's address. */
@ObjectType({ description: "Totals over every repository drec knows, and the registry's public address." })
export class RegistrySummary implements Summary {
  @Field(() => SafeIntScalar, { description: "Repositories drec knows (pushed or pulled at least once)." })
  repositoryCount!: number;

  @Field(() => SafeIntScalar, { description: "Pushes over every repository." })
  pushCount!: number;

  @Field(() => SafeIntScalar, { description: "Pulls over every repository." })
  pullCount!: number;

  @Field(() => SafeIntScalar, { description: "Stars over every repository (one per user and repository)." })
  starCount!: number;
}
