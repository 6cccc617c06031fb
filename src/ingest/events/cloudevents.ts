// CloudEvents 1.0 over HTTP (github.com/cloudevents/spec, http-protocol-binding.md): structured mode
// (`application/cloudevents+json`, the event is the body), batched mode
// (`application/cloudevents-batch+json`, an array of them) and binary mode (attributes in `ce-*`
// headers, the body is `data`). Harbor sends structured events, zot's HTTP sink binary ones.
import type { IncomingHttpHeaders } from "node:http";
import { MAX_EVENTS_PER_ENVELOPE } from "./envelope.schema";
import { harborArtifactEvents } from "./harbor";
import type { CloudEvent } from "./cloud-event";
import { objectOf, stringOf, type NormalizedEvent, type NormalizeResult } from "./normalized";
import { zotEvents, ZOT_TYPES } from "./zot";

/** Content-Types of the structured and batched modes. */
export const CLOUDEVENTS_JSON = "application/cloudevents+json";
export const CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

const HARBOR_TYPES: Record<string, "push" | "pull" | "delete"> = {
  "harbor.artifact.pushed": "push",
  "harbor.artifact.pulled": "pull",
  "harbor.artifact.deleted": "delete",
};

/** True when the request is a binary-mode CloudEvent (its attributes are headers). */
export const isBinaryMode = (headers: IncomingHttpHeaders): boolean =>
  headers["ce-specversion"] !== undefined;

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return stringOf(Array.isArray(value) ? value[0] : value);
};

function fromStructured(value: unknown): CloudEvent | undefined {
  const event = objectOf(value);
  if (!event) return undefined;
  return {
    id: stringOf(event.id),
    type: stringOf(event.type),
    source: stringOf(event.source),
    time: stringOf(event.time),
    operator: stringOf(event.operator),
    data: event.data,
    raw: value,
  };
}

function fromBinary(headers: IncomingHttpHeaders, body: unknown): CloudEvent {
  const attributes = {
    id: header(headers, "ce-id"),
    type: header(headers, "ce-type"),
    source: header(headers, "ce-source"),
    time: header(headers, "ce-time"),
    operator: header(headers, "ce-operator"),
  };
  // The dead letter keeps the attributes with the data, as a structured event would.
  return {
    ...attributes,
    data: body,
    raw: { ...attributes, specversion: header(headers, "ce-specversion"), data: body },
  };
}

/** What one CloudEvent means for drec. */
export function cloudEventEvents(event: CloudEvent): NormalizedEvent[] {
  if (event.type === undefined || event.id === undefined)
    return [{ kind: "reject", reason: "a CloudEvent needs a string id and type", raw: event.raw }];
  const harbor = HARBOR_TYPES[event.type];
  const zot = ZOT_TYPES[event.type];
  if (harbor === undefined && zot === undefined)
    return [{ kind: "ignore", reason: `CloudEvent type ${event.type.slice(0, 64)}` }];
  if (zot === "ignore") return [{ kind: "ignore", reason: `${event.type}: nothing to count` }];
  if (event.time === undefined)
    return [{ kind: "reject", reason: "missing time: drec dates every event", raw: event.raw }];
  if (zot !== undefined) return zotEvents(event, zot);
  const id = event.id;
  return harborArtifactEvents({
    action: harbor,
    timestamp: event.time,
    operator: event.operator,
    data: event.data,
    // One id per resource; Harbor sends one resource per artifact event.
    idOf: (index) => (index === 0 ? id : `${id}/${index}`),
    raw: event.raw,
  });
}

/** Reads a CloudEvents request in whichever content mode it came. */
export function cloudEventsOf(
  contentType: string,
  headers: IncomingHttpHeaders,
  body: unknown,
): NormalizeResult {
  if (isBinaryMode(headers)) return { ok: true, events: cloudEventEvents(fromBinary(headers, body)) };
  if (contentType === CLOUDEVENTS_BATCH_JSON) {
    if (!Array.isArray(body)) return { ok: false, message: "a CloudEvents batch must be a JSON array" };
    if (body.length > MAX_EVENTS_PER_ENVELOPE)
      return {
        ok: false,
        message: `at most ${MAX_EVENTS_PER_ENVELOPE} CloudEvents are accepted per request`,
      };
    return {
      ok: true,
      events: body.flatMap((item) => {
        const event = fromStructured(item);
        return event
          ? cloudEventEvents(event)
          : [{ kind: "reject" as const, reason: "a batched CloudEvent must be a JSON object", raw: item }];
      }),
    };
  }
  const event = fromStructured(body);
  if (!event || objectOf(body)?.specversion === undefined)
    return {
      ok: false,
      message: 'body must be a CloudEvent: a JSON object with "specversion", "id" and "type"',
    };
  return { ok: true, events: cloudEventEvents(event) };
}
