#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) and fails on the first crash, hang
# or runaway memory. Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
#
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
# The corpora start from the hand-written seeds in fuzz/seeds and, where present, the real
# digest files in ../shared (read in place, never copied into the repository). New inputs
# go to fuzz/corpus/TARGET, crashes to fuzz/artifacts/TARGET, logs to fuzz/logs/TARGET.log.
set -euo pipefail
secs="${1:-60}"
shift || true
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(load frontmatter daily_arxiv bilingual generic fields jsonl markdown)
fi

shared="${PAPERPRESS_SHARED:-../../shared}"
extra=()
for d in "$shared/seeds" "$shared/corpus/daily-arxiv" "$shared/corpus/bilingual" "$shared/corpus/jsonl"; do
  [ -d "$d" ] && extra+=("$d")
done
[ "${#extra[@]}" -eq 0 ] && echo "note: $shared not found; fuzzing from fuzz/seeds only" >&2

# No sanitizer: the crate has no unsafe code of its own, and without ASan the runs are
# several times faster. Debug assertions catch overflow and other logic slips.
flags=(--sanitizer none --debug-assertions)
mkdir -p logs
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log="logs/$t.log"
  echo "fuzzing $t for ${secs}s"
  cargo fuzz build "${flags[@]}" "$t"
  if ! cargo fuzz run "${flags[@]}" "$t" "corpus/$t" seeds "${extra[@]}" -- \
    -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz target $t FAILED: see fuzz/$log and fuzz/artifacts/$t/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  summary+=("$t: ${runs:-?} executions in ${secs}s")
done
printf '%s\n' "${summary[@]}"
