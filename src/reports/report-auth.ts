import type { Request } from "express";
import { GraphQLError } from "graphql";
import type { Config } from "../config/config.schema";
import { unauthorized } from "../errors";
import { createIdentify, headerValue } from "../graphql/auth";

/** Who may read reports: the same rule as GraphQL reads (api.tokens, api.trusted_user_header, require_auth_for_reads). */
export type ReportReader = (req: Request) => string | null;

/** Builds the check once per app; it throws 401 AppErrors, which the error handler renders. */
export function createReportReader(api: Config["api"]): ReportReader {
  const identify = createIdentify(api);
  return (req) => {
    let user: string | null;
    try {
      user = identify({
        authorization: req.headers.authorization,
        trustedUser: headerValue(req.headers, api.trusted_user_header),
      });
    } catch (err) {
      // identify speaks GraphQL; a wrong token is a 401 here as there.
      if (err instanceof GraphQLError) throw unauthorized(err.message);
      throw err;
    }
    if (user === null && api.require_auth_for_reads)
      throw unauthorized("this drec requires authentication; send Authorization: Bearer <token>");
    return user;
  };
}
