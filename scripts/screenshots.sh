#!/usr/bin/env bash
# Takes the README's screenshots of the example site with headless Chromium: the home page,
# a day, a paper and the categories, at 1280 px and 390 px wide, light and dark.
#   bash scripts/screenshots.sh        (needs chromium and python3; fonts-noto-cjk for Chinese)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8791}
out=docs/screenshots
tmp=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
cargo run --quiet --release -- build --output "$tmp/site" --base-url "http://127.0.0.1:$port/"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/site" >/dev/null 2>&1 &
server=$!
sleep 1
shot() { # name url width height scheme
  local flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
    --disable-component-update --no-first-run --disable-sync --hide-scrollbars
    --user-data-dir="$tmp/profile" --window-size="$3,$4" --screenshot="$out/$1.png")
  [ "$5" = dark ] && flags+=(--blink-settings=preferredColorScheme=0)
  chromium "${flags[@]}" "http://127.0.0.1:$port/$2" >/dev/null 2>&1
}
mkdir -p "$out"
day=$(ls "$tmp/site/days" | grep -E '^[0-9]{4}-' | sort | tail -1)
shot home-desktop "" 1280 900 light
shot day-desktop-dark "days/$day/" 1280 900 dark
shot paper-desktop "papers/2006.11239.html" 1280 1100 light
shot categories-desktop "categories/" 1280 700 light
shot day-phone "days/$day/" 390 844 light
shot paper-phone-dark "papers/1706.03762.html" 390 844 dark
ls -1 "$out"
