#!/usr/bin/env bash
# The tests that could not run, and why (see tests/common/skips.rs).
#
#   scripts/test-skips.sh needs     prints the needs this machine meets, comma-separated, for
#                                   PAPERPRESS_REQUIRE (a test that skips for want of one of
#                                   them then fails instead)
#   scripts/test-skips.sh clear     forgets the skips recorded by earlier runs
#   scripts/test-skips.sh summary   after `cargo test`: one line, "no test skipped" or
#                                   "N tests skipped:", then each skipped test and why
#
# Skips are recorded in $PAPERPRESS_SKIP_RECORDS, else $CARGO_TARGET_DIR/tmp/skips
# (target/tmp/skips by default), one file per skipping test.
set -euo pipefail
cd "$(dirname "$0")/.."

records="${PAPERPRESS_SKIP_RECORDS:-${CARGO_TARGET_DIR:-target}/tmp/skips}"

needs() {
  local met=()
  # Each check is the one its tests make.
  [ -d "${PAPERPRESS_SHARED:-../shared}/seeds" ] && met+=(shared)
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && met+=(chromium)
  command -v wrk >/dev/null 2>&1 && met+=(wrk)
  unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs /mnt' >/dev/null 2>&1 && met+=(tmpfs)
  [ -f "${AXE_CORE_JS:-node_modules/axe-core/axe.min.js}" ] && [ -f node_modules/axe-core/axe.min.js ] && met+=(axe)
  command -v actionlint >/dev/null 2>&1 && met+=(actionlint)
  hugo version >/dev/null 2>&1 && met+=(hugo)
  [ -e /proc/self/status ] && met+=(proc)
  [ -n "${PAPERPRESS_FIDELITY_DIRS:-}" ] && met+=(fidelity-dirs)
  command -v curl >/dev/null 2>&1 && command -v tar >/dev/null 2>&1 &&
    { command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1; } && met+=(curl)
  local IFS=,
  echo "${met[*]}"
}

summary() {
  local files=()
  if [ -d "$records" ]; then
    mapfile -t files < <(find "$records" -maxdepth 1 -name '*.txt' | sort)
  fi
  if [ "${#files[@]}" -eq 0 ]; then
    echo "no test skipped"
    return
  fi
  if [ "${#files[@]}" -eq 1 ]; then echo "1 test skipped:"; else echo "${#files[@]} tests skipped:"; fi
  local f test need why
  for f in "${files[@]}"; do
    # One line per skip of the test: test, need, why (a test may skip more than one part).
    while IFS=$'\t' read -r test need why; do
      echo "  $test ($need): $why"
    done <"$f"
  done
}

case "${1:-}" in
  needs) needs ;;
  clear) rm -rf "$records" ;;
  summary) summary ;;
  *)
    echo "usage: $0 needs|clear|summary" >&2
    exit 2
    ;;
esac
