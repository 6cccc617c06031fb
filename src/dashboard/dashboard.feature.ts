// The dashboard: the built single-page app from web/dist at /, with the HTML page for every
// dashboard path (history routing) and long-lived caching of the content-hashed assets.
import fs from "node:fs";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import type { AppContext } from "../app-context";
import type { Feature } from "../feature";
import { PACKAGE_ROOT } from "../paths";
import { readIndexPage } from "./index-page";
import { answerNotBuilt } from "./not-built";
import { setSecurityHeaders } from "./security-headers";

/** Where the dashboard's build lives; tests point it elsewhere. */
export interface DashboardOptions {
  dir?: string;
}

export const DEFAULT_DASHBOARD_DIR = path.join(PACKAGE_ROOT, "web", "dist");

const ASSETS = "/assets/";
const IMMUTABLE = "public, max-age=31536000, immutable";

/** Paths that belong to the service, never to the dashboard's history routing. */
function reservedPaths(ctx: AppContext): string[] {
  return [ctx.config.graphql.path, ctx.config.server.route, "/healthz", "/readyz", "/metrics", ASSETS];
}

const isUnder = (pathname: string, base: string) =>
  pathname === base || pathname.startsWith(base.endsWith("/") ? base : `${base}/`);

/** A browser navigation: a GET/HEAD that asks for HTML (the root answers any GET). */
function wantsPage(req: Request): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (req.path === "/" || req.path === "/index.html") return true;
  return (req.headers.accept ?? "").includes("text/html");
}

export function createDashboardFeature(options: DashboardOptions = {}): Feature {
  const dir = options.dir ?? DEFAULT_DASHBOARD_DIR;
  const indexFile = path.join(dir, "index.html");

  return {
    name: "dashboard",

    mount(app, ctx) {
      if (!fs.existsSync(indexFile))
        ctx.log.warn({ dir }, "the dashboard is not built; / explains how (npm run build:web)");
      const reserved = reservedPaths(ctx);

      const assets = express.static(dir, {
        index: false,
        redirect: false,
        setHeaders: (res, file) => {
          const pathname = path.relative(dir, file).split(path.sep).join("/");
          res.setHeader("Cache-Control", pathname.startsWith("assets/") ? IMMUTABLE : "public, max-age=3600");
          res.setHeader("X-Content-Type-Options", "nosniff");
        },
      });
      // index.html always goes through the page handler, which writes the GraphQL path into it.
      app.use((req, res, next) => (req.path === "/index.html" ? next() : assets(req, res, next)));

      app.use(async (req: Request, res: Response, next: NextFunction) => {
        if (!wantsPage(req) || reserved.some((base) => isUnder(req.path, base))) return next();
        try {
          const html = await readIndexPage(indexFile, ctx.config.graphql.path, ctx.config.graphql.explorer);
          setSecurityHeaders(req, res);
          if (html === undefined) return answerNotBuilt(req, res);
          res.status(200).setHeader("Cache-Control", "no-cache").type("html").send(html);
        } catch (err) {
          next(err);
        }
      });
    },
  };
}
