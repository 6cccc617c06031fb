import type { Express } from "express";
import type https from "node:https";
import type { AppContext } from "./context";

/** A part of drec with routes and, optionally, background work tied to the server's life. */
export interface Feature {
  name: string;
  /** Adds the feature's routes to the app. */
  mount(app: Express, ctx: AppContext): void;
  /** Runs once the server listens (e.g. ledger recovery, WebSocket upgrade handling). */
  start?(ctx: AppContext, server: https.Server): Promise<void> | void;
  /** Stops background work before the database closes. */
  stop?(): Promise<void> | void;
}
