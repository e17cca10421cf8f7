#!/usr/bin/env bash
# Builds plbench's image on this machine without an image registry, for the tests and CI: a Debian
# 12 base made by mmdebstrap from Debian's archive (imported with podman), then the repository's
# Containerfile built on it by buildah (chroot isolation). Both stay in the machine's container
# storage, tagged with a hash of their inputs: an unchanged tree gets the image already built at
# once, a changed one is rebuilt from its first changed layer (`--layers`). Prints the image's
# name, localhost/plbench:<hash>, as its last line; logs go to stderr. Needs root, mmdebstrap,
# podman and buildah. Keeps the newest 4 such images and drops the rest.
#
#   deploy/container/local-image.sh      # e.g. localhost/plbench:3f2a... (first time: about 3 min)
#
# The build trusts the CA bundle PLBENCH_CA_BUNDLE (default: the system's, where it exists), for a
# network whose proxy inspects TLS.
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { echo "local-image: $*" >&2; }
for tool in mmdebstrap podman buildah git sha256sum; do
  command -v "$tool" >/dev/null || { log "$tool not found (Debian: apt-get install mmdebstrap podman buildah)"; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { log "needs root (buildah's chroot isolation and mmdebstrap)"; exit 2; }
# one build at a time on this machine: a second caller waits and then finds the image built
exec 9>/var/lock/plbench-image.lock
flock 9

# the base: Debian 12, the minimal variant, without documentation (as Debian's slim images)
base_recipe=(mmdebstrap --quiet --variant=minbase
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --customize-hook='chroot "$1" apt-get clean' bookworm)
base=localhost/plbench-base:bookworm-$(printf '%s\n' "${base_recipe[@]}" | sha256sum | cut -c1-12)
if ! podman image exists "$base"; then
  log "making the base $base with mmdebstrap"
  start=$SECONDS
  tmp=$(mktemp -d /var/tmp/plbench-base.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  "${base_recipe[@]}" "$tmp/base.tar"
  podman import --quiet "$tmp/base.tar" "$base" >/dev/null
  log "base made in $((SECONDS - start)) s"
fi

# the image: tagged with a hash of the base, the CA bundle's presence and the build's context
# (every file git does not ignore: its name, mode and content)
ca=${PLBENCH_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
files=$(git ls-files -z --cached --others --exclude-standard | sort -z |
  xargs -0 -r sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' sh)
key=$(
  {
    echo "$base"
    [ -s "$ca" ] && echo "ca"
    printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 -r stat -c '%a %n'
    printf '%s\n' "$files" | git hash-object --stdin-paths
  } | sha256sum | cut -c1-16
)
image=localhost/plbench:$key
if podman image exists "$image"; then
  log "$image is built already"
else
  log "building $image on $base"
  start=$SECONDS
  secret=()
  [ -s "$ca" ] && secret=(--secret "id=ca,src=$ca")
  build=(buildah build --quiet --isolation chroot --layers --pull=never "${secret[@]}"
    --build-arg "BASE=$base" --file Containerfile)
  # the stage that fetches Deno gets a tag of its own, so that pruning keeps its cached layers
  "${build[@]}" --target deno --tag "localhost/plbench-deno:${base##*:}" . >&2
  "${build[@]}" --tag "$image" . >&2
  log "built in $((SECONDS - start)) s"
  # the newest 4 images stay; older ones go, with the layers that only they used
  old=$(podman images --noheading --sort created --format '{{.Repository}}:{{.Tag}}' localhost/plbench |
    grep -v '<none>' | tail -n +5 || true)
  if [ -n "$old" ]; then
    # shellcheck disable=SC2086
    podman rmi $old >/dev/null 2>&1 || log "could not remove all of: $old"
    podman image prune --force >/dev/null 2>&1 || true
  fi
fi
echo "$image"
