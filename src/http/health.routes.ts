import { Router } from "express";
import type { AppContext } from "../app-context";

/**
 * /healthz answers while the process runs; /readyz only while the database answers too and every
 * feature's readiness check (ctx.readiness, answered from memory) passes.
 */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const database = await ctx.db.ping();
    const features = Object.fromEntries(
      [...ctx.readiness].map(([name, ready]) => [name, ready() ? "up" : "down"]),
    );
    const ready = database && Object.values(features).every((state) => state === "up");
    res
      .status(ready ? 200 : 503)
      .set(ready ? {} : { "Retry-After": "5" })
      .json({
        status: ready ? "ready" : "unavailable",
        checks: { database: database ? "up" : "down", ...features },
      });
  });
  return router;
}
