#!/bin/sh
# Indexes libgit2 1.5 cannot read (split 'link', sparse 'sdir') are named
# with what to do; a plain sparse checkout works.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
mkdir -p in out
good_entry > in/a.yml
good_entry 2 > out/b.yml
git add . && git commit -qm init

git update-index --split-index
bad_entry > in/a.yml && git add in/a.yml
run_capture 2 "$BIBLINT" --staged
contains "$OUT" "split index"
contains "$OUT" "git update-index --no-split-index"
run_capture 1 git commit -m split
contains "$OUT" "split index"
git update-index --no-split-index

# sparse checkout (extensions.worktreeConfig) with a full index: works
git sparse-checkout set --cone in
run_capture 1 "$BIBLINT" --staged
contains "$OUT" "in/a.yml:12:9"

# sparse index: refused by name
git sparse-checkout set --cone --sparse-index in
git config index.sparse true
git sparse-checkout reapply
git add in/a.yml
run_capture 2 "$BIBLINT" --staged
contains "$OUT" "sparse index"
contains "$OUT" "--no-sparse-index"
echo ok
