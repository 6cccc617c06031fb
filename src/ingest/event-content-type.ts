/** Content-Types registries post notifications with: distribution 2.x, 3.x, and everyone else. */
export const EVENT_MEDIA_TYPES = [
  "application/vnd.docker.distribution.events.v1+json",
  "application/vnd.docker.distribution.events.v2+json",
  "application/json",
];
