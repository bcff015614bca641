#!/bin/sh
# A merge in progress: unresolved conflicts are refused with what to do; a
# merge commit checks the files whose staged content differs from every
# merged branch (what the merge itself made), not all the branch brought.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
{ good_entry 1; good_entry 2; } > refs.yml
git add . && git commit -qm base
git checkout -q -b feature
{ good_entry 1; good_entry 3; } > refs.yml
bad_entry 2 > from-feature.yml
git add . && git commit -qm feature --no-verify
git checkout -q main
{ good_entry 1; bad_entry 2 | sed 's/TeX/TeX!/'; } > refs.yml
git commit -qam main --no-verify

run_capture 1 git merge -q feature
run_capture 2 "$BIBLINT" --staged
contains "$OUT" "'refs.yml' has unresolved merge conflicts"
contains "$OUT" "git add"

# a bad resolution is stopped; the branch's own file is not reported
{ good_entry 1; bad_entry 3; } > refs.yml
git add refs.yml
run_capture 1 git commit --no-edit
contains "$OUT" "merge is in progress"
contains "$OUT" "refs.yml:24:9"
lacks "$OUT" "from-feature.yml"

{ good_entry 1; good_entry 3; } > refs.yml
git add refs.yml
run_capture 0 git commit -q --no-edit
[ "$(git rev-list --count HEAD)" = 4 ] || fail "merge not committed"
echo ok
