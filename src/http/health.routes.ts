import { Router } from "express";
import type { AppContext } from "../context";

/** /healthz answers while the process runs; /readyz only while the database answers too. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const database = await ctx.db.ping();
    res
      .status(database ? 200 : 503)
      .set(database ? {} : { "Retry-After": "5" })
      .json({ status: database ? "ready" : "unavailable", checks: { database: database ? "up" : "down" } });
  });
  return router;
}
