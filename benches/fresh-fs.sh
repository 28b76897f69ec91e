#!/usr/bin/env bash
# Builds SITE with each BUILD on a fresh ext4 file system per build (a 4 GB loop file under
# target/tmp), alternating the builds, RUNS rounds, and prints wall, user and system seconds
# and peak memory of each. A fresh file system keeps the disk's state (inodes freed minutes
# ago, which ext4 scans past) out of a comparison of two binaries or two settings.
#
# usage (as root, for mkfs and mount):
#   bash benches/fresh-fs.sh SITE RUNS BUILD [BUILD ...]
# BUILD is a paperpress binary, or noindex:BINARY to build without the search index.
#   bash benches/fresh-fs.sh target/tmp/paperpress-bench/corpus-py-1000x100 3 \
#        target/release/paperpress noindex:target/release/paperpress
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 3 ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
site=$1 runs=$2
shift 2
work=target/tmp/fresh-fs
img=$work/fs.img
mnt=$work/mnt
mkdir -p "$mnt"
cleanup() { umount "$mnt" 2>/dev/null || true; rm -f "$img"; }
trap cleanup EXIT
for round in $(seq 1 "$runs"); do
  for build in "$@"; do
    bin=${build#noindex:}
    umount "$mnt" 2>/dev/null || true
    rm -f "$img"
    truncate -s 4G "$img"
    mkfs.ext4 -q -F "$img"
    mount -o loop "$img" "$mnt"
    sync
    if [ "$bin" != "$build" ]; then export PAPERPRESS_NO_SEARCH_INDEX=1; else unset PAPERPRESS_NO_SEARCH_INDEX; fi
    /usr/bin/time -f "$build round $round: %e s wall, %U s user, %S s system, %M KB peak" \
      "$bin" build --root "$site" --output "$mnt/site" --quiet
  done
done
