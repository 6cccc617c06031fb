// Limits of the graphql-ws endpoint, driven with raw `ws` clients speaking graphql-transport-ws.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { startApp, type TestApp } from "../support/harness";
import { waitFor } from "../support/wait";

interface Message {
  id?: string;
  type: string;
  payload?: unknown;
}

/** A raw graphql-transport-ws socket that keeps every message it receives. */
class RawSocket {
  readonly messages: Message[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString()) as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(app: TestApp): Promise<RawSocket> {
    const ws = new WebSocket(
      `wss://127.0.0.1:${app.port}${app.config.graphql.path}`,
      "graphql-transport-ws",
      {
        ca: app.ca,
      },
    );
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new RawSocket(ws)));
      ws.once("unexpected-response", (_req, res) =>
        reject(Object.assign(new Error("refused"), { status: res.statusCode, headers: res.headers })),
      );
      ws.once("error", reject);
    });
  }

  send(message: Message): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first received message that matches; rejects if the socket closes before it arrives. */
  async receive(match: (m: Message) => boolean): Promise<Message> {
    const closed = this.closed.then(({ code, reason }) => {
      throw new Error(`socket closed (${code} ${reason}) before the message arrived`);
    });
    closed.catch(() => undefined);
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), closed]);
    }
  }

  async init(): Promise<void> {
    this.send({ type: "connection_init" });
    await this.receive((m) => m.type === "connection_ack");
  }

  close(): void {
    this.ws.close();
  }
}

const SUBSCRIBE = "subscription { repositoryUpdated { name } }";
const QUERY = "{ registry { repositoryCount } }";

// Each test is bounded, so a missing message fails it instead of hanging the run.
const BOUND = { timeout: 20_000 };

describe("WebSocket limits", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({
      graphql: {
        websocket: { max_connections: 2, max_subscriptions: 2, init_timeout_seconds: 60 },
      },
    });
  });
  after(() => app.stop());

  it(
    "when more sockets than graphql.websocket.max_connections are opened, then the upgrade is answered 503 until one closes",
    BOUND,
    async () => {
      const first = await RawSocket.open(app);
      const second = await RawSocket.open(app);
      await Promise.all([first.init(), second.init()]);
      const refused = (await RawSocket.open(app).then(
        () => assert.fail("a third socket was accepted"),
        (err: unknown) => err,
      )) as { status: number; headers: Record<string, string> };
      assert.equal(refused.status, 503);
      assert.equal(refused.headers["retry-after"], "5");
      first.close();
      await first.closed;
      // The server counts the socket out once its own side has closed, which may trail the client's.
      const third = await waitFor(() => RawSocket.open(app).catch(() => undefined), 5000);
      await third.init();
      second.close();
      third.close();
      await Promise.all([second.closed, third.closed]);
    },
  );

  it(
    "when a socket subscribes more than graphql.websocket.max_subscriptions times, then that subscribe gets an error and the socket stays usable",
    BOUND,
    async () => {
      const socket = await RawSocket.open(app);
      try {
        await socket.init();
        socket.send({ id: "1", type: "subscribe", payload: { query: SUBSCRIBE } });
        socket.send({ id: "2", type: "subscribe", payload: { query: SUBSCRIBE } });
        socket.send({ id: "3", type: "subscribe", payload: { query: QUERY } });
        const refused = await socket.receive((m) => m.id === "3");
        assert.equal(refused.type, "error");
        const errors = refused.payload as { message: string; extensions?: { code?: string } }[];
        assert.equal(errors[0].extensions?.code, "TOO_MANY_SUBSCRIPTIONS");
        assert.match(errors[0].message, /at most 2 operations/);

        socket.send({ id: "1", type: "complete" });
        socket.send({ id: "4", type: "subscribe", payload: { query: QUERY } });
        const answered = await socket.receive((m) => m.id === "4");
        assert.equal(answered.type, "next");
        assert.deepEqual(answered.payload, { data: { registry: { repositoryCount: 0 } } });
        assert.equal(socket.ws.readyState, WebSocket.OPEN);
      } finally {
        socket.close();
        await socket.closed;
      }
    },
  );
});

describe("WebSocket connection_init timeout", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ graphql: { websocket: { init_timeout_seconds: 0.5 } } });
  });
  after(() => app.stop());

  it("when a socket never sends connection_init, then it is closed with 4408", BOUND, async () => {
    const idle = await RawSocket.open(app);
    const { code } = await idle.closed;
    assert.equal(code, 4408);
  });
});
