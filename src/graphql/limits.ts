import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import {
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
  type ComplexityEstimator,
} from "graphql-query-complexity";

/**
 * Cost of a list field: its page size (argument `arg`, or `fallback` when absent or null) times the
 * cost of one item, so `repositories(first: 100) { tags(first: 100) { … } }` costs 10,000 items.
 */
export function pageCost(fallback: number, arg = "first"): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    const size: unknown = args[arg];
    const items = typeof size === "number" && size >= 0 ? size : fallback;
    return 1 + items * Math.max(childComplexity, 1);
  };
}

/** Rejects operations nested deeper than `max` fields; introspection (`__…`) fields do not count. */
export function depthLimit(max: number): ValidationRule {
  return (context) => {
    const depth = fragmentAwareDepth(context.getDocument().definitions);
    return {
      OperationDefinition(node) {
        const levels = depth(node.selectionSet);
        if (levels > max)
          context.reportError(
            new GraphQLError(
              `Query is too deep: it nests ${levels} levels of fields and the limit is ${max} ` +
                "(graphql.max_depth). Ask for fewer nested fields.",
              {
                nodes: [node],
                extensions: { code: "GRAPHQL_VALIDATION_FAILED", depth: levels, maxDepth: max },
              },
            ),
          );
      },
    };
  };
}

// A fragment's depth does not depend on where it is spread, so each is measured once: fragments
// spreading each other many times cannot make the walk exponential.
function fragmentAwareDepth(definitions: readonly DefinitionNode[]): (set: SelectionSetNode) => number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const known = new Map<string, number>();
  const fragmentDepth = (name: string): number => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    known.set(name, 0); // a cycle (reported by graphql's NoFragmentCyclesRule) ends here
    const fragment = fragments.get(name);
    const levels = fragment ? depthOf(fragment.selectionSet) : 0;
    known.set(name, levels);
    return levels;
  };
  const depthOf = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, fragmentDepth(selection.name.value));
      }
    }
    return deepest;
  };
  return depthOf;
}

/** What an operation to be checked consists of. */
export interface Operation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string | null;
}

/** Fields (with fragments expanded) an operation may select before it is refused outright. */
const MAX_QUERY_NODES = 10_000;

/** The complexity error for an operation, or undefined when it is within `max`. */
export function complexityError(operation: Operation, max: number): GraphQLError | undefined {
  let cost: number;
  try {
    cost = getComplexity({
      schema: operation.schema,
      query: operation.document,
      variables: operation.variables,
      operationName: operation.operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      maxQueryNodes: MAX_QUERY_NODES,
    });
  } catch (err) {
    if (err instanceof GraphQLError && /number of nodes/.test(err.message))
      return limitError(`Query is too large: it selects more than ${MAX_QUERY_NODES} fields.`, {});
    // Bad variables and the like are reported by execution, with better messages.
    return undefined;
  }
  if (cost <= max) return undefined;
  return limitError(
    `Query is too complex: it costs ${cost} and the limit is ${max} (graphql.max_complexity). ` +
      "Every list costs its page size (first, days) times the cost of one item; " +
      "ask for smaller pages or fewer nested lists.",
    { complexity: cost, maxComplexity: max },
  );
}

function limitError(message: string, details: Record<string, number>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "GRAPHQL_VALIDATION_FAILED", ...details, http: { status: 400 } },
  });
}

/** Apollo plugin that refuses operations over the complexity limit, with their variables known. */
export function complexityPlugin<T extends object>(max: number): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const error = complexityError(
            { schema, document, variables: request.variables, operationName: request.operationName },
            max,
          );
          if (error) throw error;
        },
      };
    },
  };
}
