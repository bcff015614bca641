#!/bin/sh
# From a subdirectory: paths stay repository-relative.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
mkdir -p doc/refs
good_entry > doc/refs/a.yml
git add . && git commit -qm init
cd doc
bad_entry > refs/a.yml
git add refs/a.yml
run_capture 1 git commit -m bad
contains "$OUT" "doc/refs/a.yml:12:9"
run_capture 1 "$BIBLINT" --staged
contains "$OUT" "doc/refs/a.yml:12:9"
echo ok
