import type { RequestHandler } from "express";
import { unsupportedMediaType } from "../errors";
import { mediaTypeEssence } from "./events/manifest-media-types";

/** Content-Types registries post notifications with: distribution 2.x, 3.x, and everyone else. */
export const EVENT_MEDIA_TYPES = [
  "application/vnd.docker.distribution.events.v1+json",
  "application/vnd.docker.distribution.events.v2+json",
  "application/json",
];

/** True when a Content-Type header names one of EVENT_MEDIA_TYPES, whatever its parameters and case. */
export function isEventMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && EVENT_MEDIA_TYPES.includes(mediaTypeEssence(contentType));
}

/** Answers 415 unless the request declares an event media type. */
export const requireEventMediaType: RequestHandler = (req, _res, next) => {
  const contentType = req.headers["content-type"];
  if (isEventMediaType(contentType)) return next();
  next(
    unsupportedMediaType(contentType === undefined ? "(none)" : contentType.slice(0, 100), EVENT_MEDIA_TYPES),
  );
};
