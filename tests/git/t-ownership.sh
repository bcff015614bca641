#!/bin/sh
# A repository owned by another user gets the safe.directory advice.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "ok (needs root to chown; skipped)"; exit 0; }
git init -q r
other=$(id -u nobody)
chown -R "$other" r
cd r
run_capture 2 "$BIBLINT" --staged
contains "$OUT" "owned by another user"
contains "$OUT" "git config --global --add safe.directory"
git config --global --add safe.directory "$(pwd)"
run_capture 0 "$BIBLINT" --staged
echo ok
