#!/bin/sh
# --diff=REV reports findings on changed lines and in changed entries only,
# against merge-base(REV, HEAD), renames followed.
. "$(dirname "$0")/lib.sh"

git init -q r && cd r
# refs.yml: entry 1 bad (stays untouched), entry 2 bad (its title will
# change), entry 3 good
{ bad_entry 1; bad_entry 2; good_entry 3; } > refs.yml
{ bad_entry 1; good_entry 2; good_entry 3; } > moved.yml
bad_entry 3 > other.yml
git add . && git commit -qm base

git checkout -q -b feature
{ echo '# chapter 1'; bad_entry 1; bad_entry 2 | sed 's/title: LaTeX,/title: LaTeX:/; s/title: \(.*\)/title: "\1 (2nd edition)"/';
  good_entry 3; bad_entry 1 | sed 's/knuth1984/knuth1984b/; s/TeXbook/METAFONTbook/'; } > refs.yml
git mv moved.yml renamed.yml
sed -i 's/The LaTeX companion/The LaTeX Companion/' renamed.yml
git commit -qam feature

# main moves on: what it adds is not the branch's change
git checkout -q main
bad_entry 2 > main-only.yml
git add . && git commit -qm "main moves on"
git checkout -q feature

run_capture 1 "$BIBLINT" --diff=main
# the changed entry 2 (ISBN on an unchanged line, title changed)
contains "$OUT" "refs.yml:25:9: error:"
# the added entry 4
contains "$OUT" "refs.yml:49:9: error:"
# the untouched bad entry 1, the untouched file, main's own file
lacks "$OUT" "refs.yml:13:"
lacks "$OUT" "other.yml"
lacks "$OUT" "main-only.yml"
# the rename is followed: only its changed entry 3 counts, and it is good
lacks "$OUT" "renamed.yml"
lacks "$OUT" "moved.yml"

# --diff-scope=file: whole changed files
run_capture 1 "$BIBLINT" --diff=main --diff-scope=file
contains "$OUT" "refs.yml:13:9: error:"
contains "$OUT" "renamed.yml:12:9: error:"
lacks "$OUT" "other.yml"
run_capture 2 "$BIBLINT" --diff=main --diff-scope=bogus

# three-dot and commit ids work as REV; HEAD itself has no changes
run_capture 1 "$BIBLINT" --diff="$(git rev-parse main)"
run_capture 0 "$BIBLINT" --diff=HEAD
# the working tree is not read: an uncommitted fix changes nothing
good_entry 2 > refs.yml
run_capture 1 "$BIBLINT" --diff=main
contains "$OUT" "refs.yml:25:9"
git checkout -q refs.yml

# CI formats
run_capture 1 "$BIBLINT" --diff=main --format=github
contains "$OUT" "::error file=refs.yml,line=25,col=9,endLine=25,endColumn=25,title=isbn/checksum::"
run_capture 2 "$BIBLINT" --diff=no-such-branch
contains "$OUT" "unknown revision 'no-such-branch'"
echo ok
