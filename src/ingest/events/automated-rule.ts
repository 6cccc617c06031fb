// Which pulls come from automated clients (vulnerability scanners, replication jobs, CI robots): they
// pull constantly and would keep dead images looking alive. Decided once, when an event is received, and
// kept in its ledger entry (ingest/ledger/ledger-entries.ts), so a recovery after a crash plans the same writes
// even when the configuration changed in between.
import type { Config } from "../../config/config.schema";
import type { ClassifiedEvent, RegistryEvent } from "./event.types";

/** The compiled `ingest.automated` rules. */
export interface AutomatedRules {
  readonly actors: readonly RegExp[];
  readonly userAgents: readonly RegExp[];
  readonly moveLastPulled: boolean;
}

/** A glob (`*` matches any run of characters, everything else literally) as an anchored RegExp. */
export function globToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
}

/**
 * Actor names are matched case-sensitively (registries and Harbor keep user names as typed, and
 * `robot$ci` and `Robot$ci` may be different accounts); user agents case-insensitively, since clients
 * spell their own names inconsistently across versions ("Trivy", "trivy").
 */
export function automatedRules(config: Config["ingest"]["automated"]): AutomatedRules {
  return {
    actors: config.actors.map((p) => globToRegExp(p, false)),
    userAgents: config.user_agents.map((p) => globToRegExp(p, true)),
    moveLastPulled: config.move_last_pulled,
  };
}

/** No rules: every pull counts as a person's. */
export const NO_AUTOMATED_RULES: AutomatedRules = Object.freeze({
  actors: [],
  userAgents: [],
  moveLastPulled: false,
});

/** The `automated` decision of a classified pull (GET), or undefined for people and anything else. */
export function automatedOf(
  rules: AutomatedRules,
  raw: RegistryEvent,
  event: ClassifiedEvent,
): ClassifiedEvent["automated"] {
  if (event.kind !== "pull" && event.kind !== "pull-index") return undefined;
  const actor = raw.actor?.name;
  const agent = raw.request?.useragent;
  const matched =
    (actor !== undefined && rules.actors.some((re) => re.test(actor))) ||
    (agent !== undefined && rules.userAgents.some((re) => re.test(agent)));
  return matched ? { moveLastPulled: rules.moveLastPulled } : undefined;
}
