// Manifest media types: everything a registry reports that is not one of these is a blob.

/** The manifest media types registries report in notification targets. */
export const MANIFEST_MEDIA_TYPES = {
  schema1: "application/vnd.docker.distribution.manifest.v1+json",
  schema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  schema2: "application/vnd.docker.distribution.manifest.v2+json",
  manifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

const SCHEMA1 = new Set<string>([MANIFEST_MEDIA_TYPES.schema1, MANIFEST_MEDIA_TYPES.schema1Signed]);
const INDEXES = new Set<string>([MANIFEST_MEDIA_TYPES.manifestList, MANIFEST_MEDIA_TYPES.ociIndex]);
const IMAGE_MANIFESTS = new Set<string>([
  ...SCHEMA1,
  MANIFEST_MEDIA_TYPES.schema2,
  MANIFEST_MEDIA_TYPES.ociManifest,
]);

/** The media type without parameters, trimmed and lowercased, as RFC 9110 compares them. */
export function mediaTypeEssence(mediaType: string): string {
  const semicolon = mediaType.indexOf(";");
  return (semicolon === -1 ? mediaType : mediaType.slice(0, semicolon)).trim().toLowerCase();
}

/** True for schema1 manifests, which pre-2.4 registries never report with a tag. */
export function isSchema1(mediaType: string | undefined): boolean {
  return mediaType !== undefined && SCHEMA1.has(mediaTypeEssence(mediaType));
}

/** True for manifest lists and OCI indexes: multi-platform pointers, not images. */
export function isIndex(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEXES.has(mediaTypeEssence(mediaType));
}

/** True for single-platform image manifests (schema1, schema2, OCI image manifest). */
export function isImageManifest(mediaType: string | undefined): boolean {
  return mediaType !== undefined && IMAGE_MANIFESTS.has(mediaTypeEssence(mediaType));
}

/** True for any manifest media type; everything else is a blob. */
export function isManifest(mediaType: string | undefined): boolean {
  return isImageManifest(mediaType) || isIndex(mediaType);
}
