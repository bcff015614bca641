#!/bin/sh
# A repository owned by another user gets the safe.directory advice, with
# the path git wants; following it makes biblint and git accept the
# repository.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "ok (needs root to chown; skipped)"; exit 0; }
git init -q r
chown -R "$(id -u nobody)" r
cd r
here=$(pwd -P)
# libgit2 1.5.1 fails differently with no safe.directory at all and with
# one for another folder: both get the advice
run_capture 2 "$BIBLINT" --staged
contains "$OUT" "owned by another user"
contains "$OUT" "git config --global --add safe.directory '$here'"
git config --global --add safe.directory /somewhere/else
run_capture 2 "$BIBLINT" --staged
contains "$OUT" "git config --global --add safe.directory '$here'"
# do what it says
eval "$(printf '%s\n' "$OUT" | sed -n "s/.*run: \(git config .*\)$/\1/p")"
run_capture 0 "$BIBLINT" --staged
git status > /dev/null || fail "git still refuses the repository"
echo ok
