// The dashboard's GraphQL client: one POST per operation with fetch. Apollo's CSRF prevention accepts
// these because they are application/json requests.

/** The GraphQL endpoint; drec writes its configured path into index.html. */
export const graphqlPath: string =
  document.querySelector<HTMLMetaElement>('meta[name="drec:graphql-path"]')?.content || "/graphql";

/** Whether drec serves the API explorer at graphqlPath (graphql.explorer), also written into index.html. */
export const explorerEnabled: boolean =
  document.querySelector<HTMLMetaElement>('meta[name="drec:explorer"]')?.content !== "off";

/** An error from the API: a GraphQL error code (UNAUTHENTICATED, NOT_FOUND…) or a transport failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** extensions.code of the first GraphQL error, or NETWORK / HTTP_<status>. */
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

/** The Authorization header value for a token, or undefined when anonymous. */
export const bearer = (token: string | null): string | undefined => (token ? `Bearer ${token}` : undefined);

/** Runs a query or mutation and returns its data, or throws an ApiError. */
export async function execute<TData, TVariables extends object = Record<string, never>>(
  query: string,
  variables: TVariables,
  options: { token: string | null; signal?: AbortSignal },
): Promise<TData> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  const authorization = bearer(options.token);
  if (authorization) headers.authorization = authorization;
  let response: Response;
  try {
    response = await fetch(graphqlPath, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      signal: options.signal,
      credentials: "same-origin",
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError("drec cannot be reached. Check your connection and try again.", "NETWORK");
  }
  let body: GraphQLResponse<TData> | undefined;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch {
    body = undefined;
  }
  const first = body?.errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === "string" ? first.extensions.code : "GRAPHQL_ERROR";
    throw new ApiError(first.message, code);
  }
  if (!response.ok || !body?.data)
    throw new ApiError(
      `drec answered ${response.status} ${response.statusText}`.trim(),
      `HTTP_${response.status}`,
    );
  return body.data;
}
