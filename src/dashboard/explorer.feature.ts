// The API explorer: GraphiQL, built with the dashboard (web/explorer.html), served at graphql.path to
// browsers. Apollo's landing page is off (src/graphql/apollo.ts): it loads scripts from Apollo's CDN.
import path from "node:path";
import type { NextFunction, Request, Response } from "express";
import type { Feature } from "../feature";
import { DEFAULT_DASHBOARD_DIR, type DashboardOptions } from "./dashboard.feature";
import { readIndexPage } from "./index-page";
import { setSecurityHeaders } from "./security-headers";

/** A browser opening the address: GraphQL clients do not ask for HTML. */
const wantsPage = (req: Request) => (req.headers.accept ?? "").includes("text/html");

export function createExplorerFeature(options: DashboardOptions = {}): Feature {
  const file = path.join(options.dir ?? DEFAULT_DASHBOARD_DIR, "explorer.html");
  return {
    name: "explorer",

    mount(app, ctx) {
      const { path: graphqlPath, explorer } = ctx.config.graphql;
      if (!explorer) return;
      app.get(graphqlPath, async (req: Request, res: Response, next: NextFunction) => {
        if (!wantsPage(req)) return next();
        try {
          const html = await readIndexPage(file, graphqlPath);
          // Not built: Apollo answers, as when the explorer is off.
          if (html === undefined) return next();
          setSecurityHeaders(req, res, { dataFonts: true });
          res.status(200).setHeader("Cache-Control", "no-cache").type("html").send(html);
        } catch (err) {
          next(err);
        }
      });
    },
  };
}
