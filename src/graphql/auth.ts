import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Config } from "../config/config.schema";
import { unauthenticated } from "./errors";

/** What a request presents: an Authorization header value and the trusted proxy header's value. */
export interface Credentials {
  authorization?: string;
  trustedUser?: string;
}

/** Who a request is: a user name from api.tokens or the trusted header, or null (anonymous). */
export type Identify = (credentials: Credentials) => string | null;

const digest = (token: string) => crypto.createHash("sha256").update(token).digest();

/**
 * Builds the identity check for the api config. Tokens are compared as SHA-256 digests with
 * timingSafeEqual against every configured token, so timing reveals neither a token nor which matched.
 * A presented Authorization header wins over the trusted header; a wrong one is an error, not anonymous.
 */
export function createIdentify(api: Config["api"]): Identify {
  const tokens = Object.entries(api.tokens).map(([user, token]) => ({ user, digest: digest(token) }));
  return ({ authorization, trustedUser }) => {
    if (authorization !== undefined && authorization !== "") {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw unauthenticated('Authorization must be "Bearer <token>"', 401);
      const presented = digest(match[1]);
      let user: string | null = null;
      for (const entry of tokens) if (crypto.timingSafeEqual(entry.digest, presented)) user = entry.user;
      if (user === null) throw unauthenticated("the API token is not valid", 401);
      return user;
    }
    if (api.trusted_user_header && trustedUser?.trim()) return trustedUser.trim();
    return null;
  };
}

/** Reads a header the way Node exposes it: lower-case name, possibly repeated. */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  if (!name) return undefined;
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The user a mutation needs; anonymous callers get UNAUTHENTICATED. */
export function requireUser(user: string | null, action: string): string {
  if (user === null)
    throw unauthenticated(`${action} needs an authenticated user; send Authorization: Bearer <token>`);
  return user;
}

/** Credentials of a graphql-ws connection: connectionParams.authorization, or the proxy header of the upgrade. */
export function socketCredentials(
  params: Record<string, unknown> | undefined,
  request: IncomingMessage,
  trustedHeader: string,
): Credentials {
  const authorization = params?.authorization ?? params?.Authorization;
  return {
    authorization: typeof authorization === "string" ? authorization : undefined,
    trustedUser: headerValue(request.headers, trustedHeader),
  };
}

/** True when a browser opened the request from another site's page (its Origin names another host). */
export function isCrossOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}
