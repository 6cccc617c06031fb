import type { Express } from "express";
import type https from "node:https";
import type { AppContext } from "./app-context";

/** A part of drec with routes and, optionally, background work tied to the server's life. */
export interface Feature {
  name: string;
  /** Runs before the app is assembled, for async setup mount() needs (e.g. building and starting Apollo). */
  prepare?(ctx: AppContext): Promise<void> | void;
  /** Adds the feature's routes to the app. */
  mount(app: Express, ctx: AppContext): void;
  /** Runs once the server listens (e.g. ledger recovery, WebSocket upgrade handling). */
  start?(ctx: AppContext, server: https.Server): Promise<void> | void;
  /**
   * Runs as shutdown begins: closes long-lived connections (WebSockets) that would otherwise keep
   * the server from closing, since upgraded sockets outlive server.close() and closeAllConnections().
   */
  drain?(ctx: AppContext): Promise<void> | void;
  /**
   * Stops background work before the database closes. `ctx` says which app is stopping: one Feature
   * object in the default list serves every app a process starts (tests start several).
   */
  stop?(ctx: AppContext): Promise<void> | void;
}
