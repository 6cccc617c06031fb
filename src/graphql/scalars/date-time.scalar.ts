import { GraphQLScalarType } from "graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";

/** Instants as ISO-8601 strings in UTC; named DateTime because that is the name clients expect. */
export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  name: "DateTime",
  description: "An instant as an ISO-8601 string in UTC with milliseconds, e.g. 2024-05-01T12:30:00.000Z.",
});
