import type { Config } from "../config/config.schema";
import type { Applier } from "./apply/applier";
import type { Journal } from "./ledger/group-commit";

/** The write path of one running app: stored events go through the journal, then the applier. */
export interface Pipeline {
  journal: Journal;
  applier: Applier;
  /** When a registry gets its 2xx: once the event is stored, or once its statistics are written. */
  acknowledge: Config["ingest"]["acknowledge"];
}
