#!/bin/sh
# A renamed file is checked under its new name.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
{ good_entry; good_entry 2; good_entry 3; } > old.yml
git add old.yml && git commit -qm init
git mv old.yml new.yml
run_capture 0 git commit -qm rename

{ good_entry; good_entry 2; bad_entry 3; } > new.yml
git add new.yml
git mv new.yml refs/ 2>/dev/null || { mkdir refs && git mv new.yml refs/new.yml; }
git status --short | grep -q '^R' || fail "git does not see a rename"
run_capture 1 git commit -m "rename with a bad edit"
contains "$OUT" "refs/new.yml:36:9"
lacks "$OUT" "old.yml"
echo ok
