#!/bin/sh
# Deletions, intent-to-add entries, symlinks and gitlinks are not checked.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
bad_entry > old-bad.yml
git add . && git commit -qm init --no-verify

# a deletion of a bad file
git rm -q old-bad.yml
run_capture 0 git commit -qm delete

# an intent-to-add entry (its staged blob is empty)
bad_entry > later.yml
git add -N later.yml
good_entry > refs.yml && git add refs.yml
run_capture 0 git commit -qm "with intent-to-add"
git rm -q --cached later.yml

# a symlink whose target text is not valid YAML
ln -s '[' link.yml
git add link.yml
run_capture 0 git commit -qm symlink

# a gitlink (a submodule entry) named like a reference file
git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),sub.yml"
run_capture 0 "$BIBLINT" --staged
run_capture 0 git commit -qm gitlink

# a file that is not a reference list by name
bad_entry > notes.txt && git add notes.txt
run_capture 0 git commit -qm notes
echo ok
