// Timestamps drec believes. first/last pulled and pushed are kept with $min/$max, so one event dated
// 0000 or 9999 would pin them for good; such events are dead-lettered instead of counted.

/** No registry notification predates this: distribution's v2 registry (and its webhooks) appeared in 2014. */
export const EARLIEST_EVENT_TIME = new Date("2013-01-01T00:00:00Z");

/** Why an event's timestamp cannot be right, or undefined when it lies in the window. */
export function timestampProblem(
  timestamp: Date,
  receivedAt: Date,
  maxClockSkewSeconds: number,
): string | undefined {
  if (timestamp < EARLIEST_EVENT_TIME)
    return `timestamp ${timestamp.toISOString()} is before 2013-01-01, older than any registry`;
  const latest = receivedAt.getTime() + maxClockSkewSeconds * 1000;
  if (timestamp.getTime() > latest)
    return (
      `timestamp ${timestamp.toISOString()} is more than ingest.max_clock_skew_seconds ` +
      `(${maxClockSkewSeconds}) after drec's clock (${receivedAt.toISOString()})`
    );
  return undefined;
}
