import type { GraphQLSchema } from "graphql";

// type-graphql has no decorator for the root types, yet the schema linter and the explorer's Docs
// pane want them described like every other type.
const ROOT_DESCRIPTIONS = {
  query: "Reads: the registry's totals, repositories with their tags, activity and actors, and the viewer.",
  mutation: "Writes: the viewer's stars. Every mutation needs a user (API token or trusted proxy header).",
  subscription: "Live updates over graphql-ws (wss://) at the GraphQL path.",
};

/** Gives the schema's Query, Mutation and Subscription types their descriptions; returns the schema. */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const roots = {
    query: schema.getQueryType(),
    mutation: schema.getMutationType(),
    subscription: schema.getSubscriptionType(),
  };
  for (const [kind, type] of Object.entries(roots))
    if (type) type.description = ROOT_DESCRIPTIONS[kind as keyof typeof ROOT_DESCRIPTIONS];
  return schema;
}
