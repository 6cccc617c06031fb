// With no ingest.tokens configured and anonymous ingest off, drec makes its own token on first start,
// so a fresh install is secure by default and still works after a restart.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger";

/** File name of the generated token inside the data directory. */
export const TOKEN_FILE = "ingest-token";

/** The generated token and whether this start created it. */
export interface GeneratedToken {
  token: string;
  file: string;
  created: boolean;
}

async function readToken(file: string, log: Logger): Promise<string | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read the ingest token ${file}: ${(err as Error).message}`, { cause: err });
  }
  const token = text.trim();
  if (token.length < 16)
    throw new Error(`the ingest token in ${file} is shorter than 16 characters; delete the file`);
  const { mode } = await fs.stat(file);
  if ((mode & 0o077) !== 0) {
    await fs.chmod(file, 0o600);
    log.warn({ file }, "the ingest token file was readable by others; its mode is now 0600");
  }
  return token;
}

/** Reads the token stored under `dataDir`, or creates one (mode 0600) when there is none. */
export async function ensureIngestToken(dataDir: string, log: Logger): Promise<GeneratedToken> {
  const file = path.resolve(dataDir, TOKEN_FILE);
  const existing = await readToken(file, log);
  if (existing !== undefined) return { token: existing, file, created: false };
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = crypto.randomBytes(32).toString("base64url");
  try {
    // "wx": two drecs starting at once must not both write; the loser reads the winner's token.
    await fs.writeFile(file, `${token}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return ensureIngestToken(dataDir, log);
  }
  return { token, file, created: true };
}
