#!/bin/sh
# `git commit <paths>` checks the temporary index git names in
# GIT_INDEX_FILE, not .git/index; `commit -a` includes worktree changes.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
good_entry > a.yml
good_entry > b.yml
git add . && git commit -qm init

# b.yml staged bad; committing only a.yml must pass
bad_entry > b.yml
git add b.yml
good_entry 2 > a.yml
run_capture 0 git commit -qm "only a" a.yml
git show HEAD:a.yml | grep -q lamport1994 || fail "a.yml not committed"
git diff --cached --name-only | grep -qx b.yml || fail "b.yml no longer staged"

# and committing only b.yml (bad) is stopped, naming b.yml
run_capture 1 git commit -m "only b" b.yml
contains "$OUT" "b.yml:12:9"
lacks "$OUT" "a.yml"

# commit -a picks up the unstaged bad a.yml
git reset -q b.yml && good_entry > b.yml
bad_entry > a.yml
run_capture 1 git commit -a -m all
contains "$OUT" "a.yml:12:9"
echo ok
