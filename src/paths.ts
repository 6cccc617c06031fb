import path from "node:path";

/** The repository (or installed package) root, whether running from src via a loader or from dist. */
export const PACKAGE_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..",
);
