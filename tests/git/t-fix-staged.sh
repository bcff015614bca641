#!/bin/sh
# --staged --fix writes fixes to the working tree only when it holds the
# staged text, never touches the index, and still fails so that the fixes
# are reviewed and added.
. "$(dirname "$0")/lib.sh"

# an entry whose page range has a hyphen (pages/range-dash, safe fix)
dashed() {
	good_entry
	echo "  page: 295-346"
}

new_repo r && cd r
good_entry 2 > other.yml
git add other.yml && git commit -qm init

dashed > refs.yml
git add refs.yml
index_before=$(sha1sum .git/index)

# the dry run shows the diff and writes nothing
run_capture 1 "$BIBLINT" --staged --diff-fix
contains "$OUT" "-  page: 295-346"
contains "$OUT" "+  page: 295–346"
grep -q '295-346' refs.yml || fail "the dry run wrote the file"

# working tree == index: fixed in the working tree, index untouched
run_capture 1 "$BIBLINT" --staged --fix
contains "$OUT" "fixed 1 problem in refs.yml in the working tree"
grep -q '295–346' refs.yml || fail "the working tree was not fixed"
git show :refs.yml | grep -q '295-346' || fail "the index was changed"
[ "$(sha1sum .git/index)" = "$index_before" ] || fail ".git/index was rewritten"
# once added, the commit goes through
git add refs.yml
run_capture 0 git commit -qm "refs"

# from a subdirectory the working-tree file is found from the top
mkdir sub
dashed | sed 's/295-346/12-17/' > refs.yml
git add refs.yml
(cd sub && run_capture 1 "$BIBLINT" --staged --fix && contains "$OUT" "fixed 1 problem")
grep -q '12–17' refs.yml || fail "not fixed from a subdirectory"
git add refs.yml && git commit -qm sub

# unstaged changes: refused and explained, nothing written, the hook fails
dashed | sed 's/295-346/3-9/' > refs.yml
git add refs.yml
{ cat refs.yml; echo "# a note not yet staged"; } > refs.tmp && mv refs.tmp refs.yml
cp refs.yml before.yml
index_before=$(sha1sum .git/index)
run_capture 1 "$BIBLINT" --staged --fix
contains "$OUT" "'refs.yml' has unstaged changes"
contains "$OUT" "[pages/range-dash]"
cmp -s refs.yml before.yml || fail "a file with unstaged changes was written"
[ "$(sha1sum .git/index)" = "$index_before" ] || fail ".git/index was rewritten"
echo ok
