// One CloudEvent as drec reads it, whichever content mode carried it (cloudevents.ts).

/** The context attributes drec reads, and `data`. */
export interface CloudEvent {
  id?: string;
  type?: string;
  source?: string;
  time?: string;
  /** Harbor's extension attribute naming the user. */
  operator?: string;
  data: unknown;
  raw: unknown;
}
