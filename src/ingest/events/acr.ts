// Azure Container Registry webhooks (learn.microsoft.com/azure/container-registry/
// container-registry-webhook-reference): one distribution-like event per request, without the
// `events` wrapper: {id, timestamp, action, target, request}. Actions push, delete, chart_push,
// chart_delete and quarantine; the chart and quarantine ones are ignored like any unknown action.
import { objectOf } from "./normalized";

/** True for a body that is a single event rather than an envelope: it has `action` and no `events`. */
export function isSingleEvent(body: unknown): boolean {
  const object = objectOf(body);
  return object !== undefined && !("events" in object) && "action" in object;
}
