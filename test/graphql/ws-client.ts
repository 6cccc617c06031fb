// graphql-ws clients of a running test app over wss://, and subscriptions read one result at a time.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { TestApp } from "../support/harness";

/** A graphql-ws client over wss:// that trusts the app's certificate. */
export function connect(
  app: TestApp,
  connectionParams?: Record<string, unknown>,
  headers?: Record<string, string>,
): Client {
  const { ca } = app;
  class TrustingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ca, headers });
    }
  }
  return createClient({
    url: `wss://127.0.0.1:${app.port}${app.config.graphql.path}`,
    webSocketImpl: TrustingWebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Results of a subscription, pulled one at a time with a timeout. */
export class Subscription<T> {
  private readonly iterator: AsyncIterableIterator<{
    data?: T | null;
    errors?: readonly { message: string }[];
  }>;
  constructor(client: Client, query: string, variables?: Record<string, unknown>) {
    this.iterator = client.iterate<T>({ query, variables }) as AsyncIterableIterator<{
      data?: T | null;
      errors?: readonly { message: string }[];
    }>;
  }

  /** The next result; rejects when the subscription fails or nothing arrives in time. */
  async next(timeoutMs = 3000): Promise<{ data?: T | null; errors?: readonly { message: string }[] }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no subscription result within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const result = await Promise.race([this.iterator.next(), timeout]);
      if (result.done) throw new Error("the subscription ended");
      return result.value;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until the server delivers: publishes a no-change notification until one arrives. */
  async ready(publish: () => void): Promise<void> {
    const first = this.next(5000);
    publish();
    const timer = setInterval(publish, 50);
    try {
      await first;
    } finally {
      clearInterval(timer);
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}
