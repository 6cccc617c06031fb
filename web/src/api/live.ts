// Live updates over graphql-ws on the same origin (wss://host/graphql). One socket per token; the token
// travels in connectionParams because browsers cannot set headers on WebSockets.
import { createClient, type Client } from "graphql-ws/client";
import { bearer, graphqlPath } from "./client";

export type LiveStatus = "connecting" | "live" | "offline";

type StatusListener = (status: LiveStatus) => void;

let client: Client | undefined;
let clientToken: string | null = null;
let status: LiveStatus = "connecting";
const statusListeners = new Set<StatusListener>();

function setStatus(next: LiveStatus): void {
  status = next;
  for (const listener of statusListeners) listener(next);
}

function socketUrl(): string {
  const url = new URL(graphqlPath, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

function clientFor(token: string | null): Client {
  if (client && clientToken === token) return client;
  client?.dispose();
  clientToken = token;
  setStatus("connecting");
  client = createClient({
    url: socketUrl(),
    lazy: true,
    // Keep the socket across page changes, when one page's subscription ends as the next one's starts.
    lazyCloseTimeout: 3000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    connectionParams: () => {
      const authorization = bearer(token);
      return authorization ? { authorization } : {};
    },
    on: {
      connected: () => setStatus("live"),
      closed: () => setStatus("offline"),
      connecting: () => setStatus(status === "live" ? "offline" : "connecting"),
    },
  });
  return client;
}

/** Subscribes to an operation; returns the function that ends the subscription. */
export function subscribe<TData, TVariables extends object>(
  query: string,
  variables: TVariables,
  token: string | null,
  onData: (data: TData) => void,
): () => void {
  return clientFor(token).subscribe<TData>(
    { query, variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.data) onData(result.data as TData);
      },
      error: () => setStatus("offline"),
      complete: () => undefined,
    },
  );
}

/** Calls `listener` with the connection status now and on every change. */
export function onLiveStatus(listener: StatusListener): () => void {
  statusListeners.add(listener);
  listener(status);
  return () => statusListeners.delete(listener);
}
