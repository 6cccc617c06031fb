// Maps a request of any supported source format to drec's internal (distribution-style) events. The
// source's `format` decides which formats it may post; `auto` tells them apart by the request.
import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";
import type { SourceFormat } from "../../config/sources.schema";
import { unsupportedMediaType } from "../../errors";
import { EVENT_MEDIA_TYPES } from "../event-content-type";
import { mediaTypeEssence } from "./manifest-media-types";
import { requestSource } from "../source-auth";
import { CLOUDEVENTS_BATCH_JSON, CLOUDEVENTS_JSON, cloudEventsOf, isBinaryMode } from "./cloudevents";
import { distributionEvents } from "./distribution";
import { harborEvents, isHarborPayload } from "./harbor";
import { objectOf, type NormalizeResult } from "./normalized";

const CLOUDEVENTS_TYPES = [CLOUDEVENTS_JSON, CLOUDEVENTS_BATCH_JSON, "application/json"];

/** The Content-Types a source of `format` may post. */
export function mediaTypesOf(format: SourceFormat): string[] {
  switch (format) {
    case "distribution":
      return EVENT_MEDIA_TYPES;
    case "harbor":
      return ["application/json"];
    case "cloudevents":
      return CLOUDEVENTS_TYPES;
    case "auto":
      return [...EVENT_MEDIA_TYPES, CLOUDEVENTS_JSON, CLOUDEVENTS_BATCH_JSON];
  }
}

/** Answers 415 unless the request declares a media type its source's format allows. */
export const requireSourceMediaType: RequestHandler = (req, res, next) => {
  const contentType = req.headers["content-type"];
  const accepted = mediaTypesOf(requestSource(res).format);
  if (contentType !== undefined && accepted.includes(mediaTypeEssence(contentType))) return next();
  next(unsupportedMediaType(contentType === undefined ? "(none)" : contentType.slice(0, 100), accepted));
};

function isCloudEvents(contentType: string, headers: IncomingHttpHeaders, body: unknown): boolean {
  if (isBinaryMode(headers) || contentType === CLOUDEVENTS_JSON || contentType === CLOUDEVENTS_BATCH_JSON)
    return true;
  return objectOf(body)?.specversion !== undefined;
}

/**
 * The events of one request. `auto`: CloudEvents by Content-Type, `ce-` headers or a `specversion`;
 * Harbor's default payload by `type` with `event_data`; otherwise distribution (which also reads
 * ACR's single event), whose messages name what is wrong with a body that is none of them.
 */
export function normalizeRequest(
  format: SourceFormat,
  contentTypeHeader: string,
  headers: IncomingHttpHeaders,
  body: unknown,
): NormalizeResult {
  const contentType = mediaTypeEssence(contentTypeHeader);
  switch (format) {
    case "distribution":
      return distributionEvents(body);
    case "harbor":
      return harborEvents(body);
    case "cloudevents":
      return cloudEventsOf(contentType, headers, body);
    case "auto":
      if (isCloudEvents(contentType, headers, body)) return cloudEventsOf(contentType, headers, body);
      if (isHarborPayload(body)) return harborEvents(body);
      return distributionEvents(body);
  }
}
