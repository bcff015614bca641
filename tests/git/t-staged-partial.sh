#!/bin/sh
# A partially staged file is checked as staged, never as in the worktree.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
good_entry > refs.yml
git add refs.yml && git commit -qm init

# staged bad, worktree good: the commit is stopped
bad_entry > refs.yml
git add refs.yml
{ printf '# a comment\n# another\n'; good_entry; } > refs.yml
run_capture 1 git commit -m bad
contains "$OUT" "refs.yml:12:9: error:"
contains "$OUT" "[isbn/checksum]"
contains "$OUT" "git commit --no-verify"
git rev-list --count HEAD | grep -qx 1 || fail "a commit was made"
# nothing was stashed or re-staged: the worktree text is untouched
head -1 refs.yml | grep -qx '# a comment' || fail "worktree changed"
git diff --cached --quiet && fail "index changed"

# staged good, worktree bad: the commit goes through
good_entry > refs.yml
git add refs.yml
git reset -q
good_entry 2 > refs.yml
git add refs.yml
bad_entry 2 > refs.yml
run_capture 0 git commit -qm good
git show HEAD:refs.yml | grep -q 52983-8 || fail "wrong content committed"
grep -q 52983-9 refs.yml || fail "worktree lost its change"
# and the unstaged bad text is still found when linted directly
run_capture 1 "$BIBLINT" refs.yml
echo ok
