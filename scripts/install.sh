#!/usr/bin/env bash
# Installs a released paperpress binary for this machine, checksum verified.
#
#   scripts/install.sh [--version X.Y.Z] [--target TRIPLE] [--from URL] [--dest DIR]
#
# Downloads FROM/vX.Y.Z/paperpress-vX.Y.Z-TRIPLE.tar.gz (.zip on Windows) and
# FROM/vX.Y.Z/SHA256SUMS, checks the archive's SHA-256 against its line in SHA256SUMS and
# puts `paperpress` into DIR.
#
#   --version  default: $PAPERPRESS_VERSION, else the version in the Cargo.toml beside this
#              script (the action installs the release of its own source)
#   --target   default: this machine's (x86_64/aarch64 Linux musl, arm64/x86_64 macOS,
#              x86_64 Windows)
#   --from     default: $PAPERPRESS_RELEASES, else
#              https://github.com/$PAPERPRESS_REPOSITORY/releases/download; any URL curl
#              reads, file:// included
#   --dest     default: $HOME/.local/bin
#
# Exit status: 0 installed; 3 no release binary could be downloaded for this version and
# machine (the caller may build from source instead); 1 anything else. A checksum that does
# not match, or an archive SHA256SUMS does not list, is status 1: never installed, never
# built around.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version="${PAPERPRESS_VERSION:-}"
target=""
from="${PAPERPRESS_RELEASES:-}"
dest="${HOME:-.}/.local/bin"

fail() {
  echo "install.sh: $1" >&2
  exit "${2:-1}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --target) target="${2:?--target needs a value}"; shift 2 ;;
    --from) from="${2:?--from needs a value}"; shift 2 ;;
    --dest) dest="${2:?--dest needs a value}"; shift 2 ;;
    *) fail "unknown option $1 (see the comment at the top of $0)" 2 ;;
  esac
done

if [ -z "$version" ]; then
  version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/../Cargo.toml" 2>/dev/null | head -n 1)"
  [ -n "$version" ] || fail "no --version given and no Cargo.toml beside $here to read it from"
fi
version="${version#v}"

if [ -z "$target" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64 | Linux-amd64) target=x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
    Darwin-arm64 | Darwin-aarch64) target=aarch64-apple-darwin ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) target=x86_64-pc-windows-msvc ;;
    *) fail "no released binary for $(uname -s) $(uname -m)" 3 ;;
  esac
fi

if [ -z "$from" ]; then
  from="https://github.com/${PAPERPRESS_REPOSITORY:?set PAPERPRESS_REPOSITORY (owner/name) or --from}/releases/download"
fi

case "$target" in
  *windows*) ext=zip exe=paperpress.exe ;;
  *) ext=tar.gz exe=paperpress ;;
esac
asset="paperpress-v$version-$target.$ext"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {
  curl --fail --silent --show-error --location --retry 3 --output "$work/$2" "$1/v$version/$2"
}
fetch "$from" "$asset" || fail "cannot download $from/v$version/$asset" 3
fetch "$from" SHA256SUMS || fail "cannot download $from/v$version/SHA256SUMS" 3

expected="$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1 }' "$work/SHA256SUMS" | head -n 1)"
[ -n "$expected" ] || fail "SHA256SUMS of v$version has no line for $asset: not installed"
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$work/$asset" | cut -d ' ' -f 1)"
else
  actual="$(shasum -a 256 "$work/$asset" | cut -d ' ' -f 1)"
fi
if [ "$actual" != "$expected" ]; then
  fail "checksum mismatch for $asset: SHA256SUMS says $expected, the download is $actual; not installed"
fi

mkdir -p "$work/unpacked"
case "$ext" in
  zip) unzip -q "$work/$asset" -d "$work/unpacked" ;;
  *) tar -xzf "$work/$asset" -C "$work/unpacked" ;;
esac
[ -f "$work/unpacked/$exe" ] || fail "$asset holds no $exe"
mkdir -p "$dest"
cp "$work/unpacked/$exe" "$dest/$exe.tmp.$$"
chmod 755 "$dest/$exe.tmp.$$"
mv -f "$dest/$exe.tmp.$$" "$dest/$exe"
echo "installed paperpress $version ($target) as $dest/$exe, SHA-256 $actual"
