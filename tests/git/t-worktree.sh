#!/bin/sh
# A linked worktree: its own index and HEAD, the main repository's hooks.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
good_entry > refs.yml
git add . && git commit -qm init
git worktree add -q ../wt -b feature
cd ../wt
bad_entry > refs.yml
git add refs.yml
run_capture 1 git commit -m bad
contains "$OUT" "refs.yml:12:9"
good_entry 2 > refs.yml
git add refs.yml
run_capture 0 git commit -qm good
# the main worktree's index is not the one checked
cd ../r
run_capture 0 "$BIBLINT" --staged
echo ok
