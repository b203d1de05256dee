#!/usr/bin/env bash
# Makes a Debian base image for podman without a registry, and prints its name:
#   scripts/lib/base-image.sh NAME [PACKAGE...]
# The image is bookworm (minbase) plus ca-certificates and the given packages, made by mmdebstrap from the Debian
# mirror this machine's apt uses, then `podman import`ed as localhost/NAME:<key>. The key is a digest of the
# package list (and this script), so the same list reuses the image podman already holds, and the tarball cached
# under ${ELASTIC_AGENT_IMAGE_CACHE:-~/.cache/elastic-agent-images} when podman's store was wiped.
# Prints "localhost/NAME:<key>" on stdout; progress on stderr. Exit 1 with one line when a tool is missing.
set -euo pipefail
name=${1:?usage: base-image.sh NAME [PACKAGE...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers/containers.conf}
for tool in podman mmdebstrap; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is missing; run scripts/test once as root (it installs podman runc mmdebstrap) or apt-get install podman runc mmdebstrap" >&2; exit 1; }
done
packages=$(printf '%s\n' ca-certificates "$@" | sort -u | paste -sd, -)
key=$( { echo "$packages"; cat "$0"; } | sha256sum | cut -c1-12)
image="localhost/$name:$key"
if podman image exists "$image"; then
  echo "$image"
  exit 0
fi
cache=${ELASTIC_AGENT_IMAGE_CACHE:-$HOME/.cache/elastic-agent-images}
tarball="$cache/$name-$key.tar"
mkdir -p "$cache"
if [ ! -s "$tarball" ]; then
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n 1)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "Building base image $image ($packages) from $mirror ..." >&2
  start=$(date +%s)
  # the file name must end in .tar (mmdebstrap picks the format from it);
  # the mirror may hold a snapshot older than today: its Release file must not be rejected as expired
  mmdebstrap --quiet --variant=minbase --include="$packages" \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    bookworm "$cache/.partial-$name-$key.tar" "$mirror" >&2
  mv "$cache/.partial-$name-$key.tar" "$tarball"
  echo "Base image tarball made in $(( $(date +%s) - start )) s: $tarball" >&2
fi
podman import --quiet "$tarball" "$image" >/dev/null
echo "$image"
