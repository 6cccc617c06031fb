// A registry notification event after validation, and what drec makes of it.
// Empty strings on the wire are absent here: Go registries send "" for unset fields.

/** A content descriptor listed in `target.references` (only with `includereferences: true`). */
export interface EventReference {
  mediaType?: string;
  digest: string;
  size?: number;
  /** What an index says a platform manifest is for (OCI descriptors; distribution 2.8 sends none). */
  platform?: { os: string; architecture: string; variant?: string };
}

/** What the event is about: a manifest, a blob, a tag or a whole repository. */
export interface EventTarget {
  mediaType?: string;
  digest?: string;
  size?: number;
  length?: number;
  repository: string;
  fromRepository?: string;
  url?: string;
  tag?: string;
  references?: EventReference[];
  /** GitLab's `rename` action: the repository (and every one under it) moves from `from` to `to`. */
  rename?: { type?: string; from: string; to: string };
}

/** The HTTP request to the registry that caused the event; `method` decides what a pull means. */
export interface EventRequest {
  id?: string;
  addr?: string;
  host?: string;
  /** Uppercased, so "get" and "GET" count alike. */
  method?: string;
  useragent?: string;
}

/** One validated registry notification event; `action` stays open because unknown actions are ignored. */
export interface RegistryEvent {
  id: string;
  timestamp: Date;
  action: string;
  target: EventTarget;
  request?: EventRequest;
  /** `name` is absent for anonymous access. */
  actor?: { name?: string };
  source?: { addr?: string; instanceID?: string };
}

/** What one event does to the statistics (see the counting rules in the registry notification notes). */
export type EventKind =
  /** Counted repository push: a manifest push with a tag, or any schema1 push. */
  | "push"
  /** Another manifest pushed without a tag (platform child, push by digest): digest record only. */
  | "push-untagged"
  /** Counted pull: GET (or no method) of a single-platform image manifest. */
  | "pull"
  /** GET of an index or manifest list: a tag resolution, not a repository pull. */
  | "pull-index"
  /** HEAD of a manifest: a version check, recorded (it names the tag a digest pull follows) but no pull. */
  | "check"
  /** Manifest delete: the digest and every tag pointing at it. */
  | "delete-digest"
  /** Tag delete: only that tag. */
  | "delete-tag"
  /** Repository delete (distribution 3): the repository's statistics go. */
  | "delete-repository"
  /** GitLab: the statistics of `rename.from` (and of every repository under it) move to `rename.to`. */
  | "rename"
  /** Never counted: blobs, mounts, unknown actions. */
  | "ignored";

/** A validated event reduced to what the ingest commands need; `reason` explains "ignored". */
export interface ClassifiedEvent {
  id: string;
  kind: EventKind;
  reason?: string;
  repository: string;
  tag?: string;
  digest?: string;
  mediaType?: string;
  /** Undefined for anonymous access, so it never lands in the actors set. */
  actor?: string;
  timestamp: Date;
  references?: EventReference[];
  method?: string;
  /**
   * Who made the request: the registry's `request.addr` without its port, and the user agent. Absent when
   * the registry sent neither. Pairs a HEAD by tag with the GETs by digest that follow it.
   */
  client?: string;
  /**
   * The tags a GET by digest (no tag in the event) is credited to, decided when its batch is applied and
   * then kept in its ledger entry, so a re-applied batch credits the same tags (ingest/apply/credit-tags.ts).
   */
  credit?: string[];
  /**
   * A GET by an automated client (ingest.automated): counted in automatedPullCount too, and moves
   * lastPulledAt only when `moveLastPulled`. Decided when the event is received and kept in its ledger
   * entry, so a recovery plans the same writes whatever the configuration says by then.
   */
  automated?: { moveLastPulled: boolean };
  /** The source of an event of any but the default source; `repository` already names it. */
  source?: string;
  /** A rename's repository keys (with the source, see ingest/events/source-key.ts). */
  rename?: { from: string; to: string };
}
