import crypto from "node:crypto";
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
} from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import type { IncomingMessage } from "node:http";
import type https from "node:https";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { AppContext } from "../app-context";
import { isCrossOrigin, socketCredentials, type Identify } from "./auth";
import { createContext } from "./context";
import type { Services } from "./services";
import { isInternal, maskError } from "./errors";
import { complexityError, depthLimit } from "./limits";

/** The graphql-ws endpoint of one app. */
export interface WebSocketEndpoint {
  /** Closes every subscription socket, so the HTTPS server can finish closing. */
  close(): Promise<void>;
}

/** The upgrade answer when every allowed socket is taken; the client may retry later. */
function tooManyConnections(max: number): string {
  const body = JSON.stringify({
    error: {
      code: "TOO_MANY_CONNECTIONS",
      message: `all ${max} WebSocket connections are in use; retry later`,
    },
  });
  return [
    "HTTP/1.1 503 Service Unavailable",
    "Retry-After: 5",
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/** The error for one subscribe over the per-socket limit; the socket and its other operations stay. */
function tooManySubscriptions(max: number): GraphQLError {
  return new GraphQLError(`at most ${max} operations may run at once on one WebSocket; complete one first`, {
    extensions: { code: "TOO_MANY_SUBSCRIPTIONS" },
  });
}

/** How long closing sockets get to finish the close handshake before they are cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Serves graphql-ws on the GraphQL path of the HTTPS server. Clients authenticate with
 * connectionParams `{ authorization: "Bearer <token>" }` (or the trusted header on the upgrade request);
 * every operation gets the same depth and complexity limits as HTTP, and fresh, uncached loaders.
 */
export function attachWebSocket(
  server: https.Server,
  schema: GraphQLSchema,
  services: Services,
  identify: Identify,
  app: AppContext,
): WebSocketEndpoint {
  const { path, max_depth, max_complexity, websocket } = app.config.graphql;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 100 * 1024 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? "/", "https://drec").pathname !== path) {
      // Another feature may own this path; only answer when nobody else listens.
      if (server.listenerCount("upgrade") === 1)
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    // Each socket holds memory and a change listener; a flood of them must not take the process down.
    // wss.clients counts every accepted socket: handleUpgrade adds it before returning.
    if (wss.clients.size >= websocket.max_connections) {
      socket.end(tooManyConnections(websocket.max_connections));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  };
  server.on("upgrade", onUpgrade);

  const credentials = (params: Record<string, unknown> | undefined, request: IncomingMessage) =>
    socketCredentials(params, request, app.config.api.trusted_user_header);
  const rules = [...specifiedRules, depthLimit(max_depth)];

  const disposable = useServer(
    {
      // A socket that never sends connection_init is closed (4408) after this long.
      connectionInitWaitTimeout: websocket.init_timeout_seconds * 1000,
      onConnect: ({ connectionParams, extra }) => {
        const presented = credentials(connectionParams, extra.request);
        let user: string | null;
        try {
          user = identify(presented);
        } catch (err) {
          extra.socket.close(CloseCode.Unauthorized, (err as Error).message);
          return false;
        }
        if (user === null && app.config.api.require_auth_for_reads) {
          extra.socket.close(
            CloseCode.Unauthorized,
            "authentication required; send connectionParams.authorization",
          );
          return false;
        }
        // A proxy's header may come from a browser's cookie: refuse other sites' pages (WebSocket hijacking).
        if (user !== null && presented.authorization === undefined && isCrossOrigin(extra.request)) {
          extra.socket.close(CloseCode.Forbidden, "cross-origin WebSocket with proxy authentication refused");
          return false;
        }
        return true;
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        // The operation being subscribed is already listed in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > websocket.max_subscriptions)
          return [tooManySubscriptions(websocket.max_subscriptions)];
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError("the query does not parse")];
        }
        const variables = payload.variables ?? undefined;
        const operation = getOperationAST(document, payload.operationName)?.operation ?? "unknown";
        const errors = validate(schema, document, rules);
        const tooComplex = errors.length
          ? undefined
          : complexityError(
              { schema, document, variables, operationName: payload.operationName },
              max_complexity,
            );
        app.metrics.graphqlOperations.inc({
          operation,
          outcome: errors.length || tooComplex ? "error" : "ok",
        });
        if (errors.length) return errors;
        if (tooComplex) return [tooComplex];
        const request = ctx.extra.request;
        const requestId = crypto.randomUUID();
        return {
          schema,
          document,
          variableValues: variables,
          operationName: payload.operationName,
          contextValue: createContext({
            services,
            // Checked in onConnect; identity cannot change on an open socket.
            user: identify(credentials(ctx.connectionParams, request)),
            requestId,
            log: app.log.child({ requestId }),
            cache: false,
          }),
        };
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return;
        const requestId = (args.contextValue as { requestId?: string } | undefined)?.requestId;
        for (const error of result.errors)
          if (isInternal(error))
            app.log.error(
              { err: error.originalError ?? error, requestId, path: error.path },
              "GraphQL operation failed",
            );
        return {
          ...result,
          errors: result.errors.map((error) => maskError(error.toJSON(), error, requestId)),
        };
      },
    },
    wss,
  );

  return {
    async close() {
      server.off("upgrade", onUpgrade);
      const clients = [...wss.clients];
      const closed = Promise.all(
        clients.map((c) => (c.readyState === c.CLOSED ? undefined : new Promise((r) => c.once("close", r)))),
      );
      await disposable.dispose();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      for (const client of clients) client.terminate();
    },
  };
}
