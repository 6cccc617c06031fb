import { GraphQLScalarType } from "graphql";
import { GraphQLDate } from "graphql-scalars";

/** Calendar days (activity buckets) as YYYY-MM-DD strings. */
export const DateScalar = new GraphQLScalarType({
  ...GraphQLDate.toConfig(),
  description: "A calendar day as YYYY-MM-DD (RFC 3339 full-date); activity days are UTC days.",
});
