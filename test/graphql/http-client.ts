// POSTs GraphQL operations to a running test app over HTTPS.
import type { TestApp } from "../support/harness";
import type { TestResponse } from "../support/http";

/** Tokens of the users every GraphQL test app knows. */
export const API_TOKENS = {
  alice: "alice-token-0123456789abcdef",
  bob: "bob-token-0123456789abcdef",
};

/** A GraphQL response body. */
export interface GraphQLBody<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
}

/** Options of one operation. */
export interface Send {
  variables?: Record<string, unknown>;
  token?: string;
  headers?: Record<string, string>;
}

/** POSTs an operation as JSON (which satisfies Apollo's CSRF prevention). */
export async function gql<T = Record<string, unknown>>(
  app: TestApp,
  query: string,
  options: Send = {},
): Promise<TestResponse & { body: GraphQLBody<T> }> {
  const res = await app.request(app.config.graphql.path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { ...res, body: (res.json ?? {}) as GraphQLBody<T> };
}

/** extensions.code of each error. */
export const codes = (body: GraphQLBody): unknown[] => (body.errors ?? []).map((e) => e.extensions?.code);
