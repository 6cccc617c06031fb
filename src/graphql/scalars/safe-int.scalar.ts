import { GraphQLScalarType } from "graphql";
import { GraphQLSafeInt } from "graphql-scalars";

/** Counts: GraphQL's Int stops at 2^31-1, stored counts are exact doubles up to 2^53-1. */
export const SafeIntScalar = new GraphQLScalarType({
  ...GraphQLSafeInt.toConfig(),
  description:
    "A whole number exact up to 2^53-1 (9007199254740991), serialized as a JSON number. " +
    "Every count uses it, because GraphQL's Int is 32-bit and overflows at 2^31-1.",
});
