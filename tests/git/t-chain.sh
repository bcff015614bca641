#!/bin/sh
# A foreign hook is never overwritten silently: refused, chained with
# --chain (and run first), set aside with --force; uninstall restores it.
. "$(dirname "$0")/lib.sh"

git init -q r && cd r
printf '#!/bin/sh\necho foreign ran >> "$(git rev-parse --git-dir)/../ran"\nexit ${FOREIGN_EXIT:-0}\n' \
	> .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
cp .git/hooks/pre-commit ../original

run_capture 2 "$BIBLINT" install-hook
contains "$OUT" "--chain"
cmp -s .git/hooks/pre-commit ../original || fail "foreign hook changed"

run_capture 0 "$BIBLINT" install-hook --chain
contains "$OUT" "runs first"
good_entry > refs.yml && git add refs.yml
run_capture 0 git commit -qm one
grep -q "foreign ran" ran || fail "chained hook did not run"

# the chained hook's failure stops the commit before biblint runs
good_entry 2 > refs.yml && git add refs.yml
FOREIGN_EXIT=3 run_capture 1 git commit -qm two
# and biblint's own finding stops it too
bad_entry 2 > refs.yml && git add refs.yml
run_capture 1 git commit -m three
contains "$OUT" "[isbn/checksum]"

# installing again updates biblint's hook and keeps the chain
run_capture 0 "$BIBLINT" install-hook
[ -x .git/hooks/pre-commit.biblint-chained ] || fail "chain lost on reinstall"

run_capture 0 "$BIBLINT" uninstall-hook
cmp -s .git/hooks/pre-commit ../original || fail "uninstall did not restore the hook"
[ -e .git/hooks/pre-commit.biblint-chained ] && fail "chained copy left behind"

# --force sets the foreign hook aside; uninstall puts it back
run_capture 0 "$BIBLINT" install-hook --force
grep -q "biblint" .git/hooks/pre-commit || fail "not installed"
rm -f ran
run_capture 1 git commit -m four
[ -e ran ] && fail "a set-aside hook ran"
run_capture 0 "$BIBLINT" uninstall-hook
cmp -s .git/hooks/pre-commit ../original || fail "uninstall did not restore the hook"

# uninstall leaves a foreign hook alone
run_capture 2 "$BIBLINT" uninstall-hook
contains "$OUT" "not written by biblint"
cmp -s .git/hooks/pre-commit ../original || fail "foreign hook touched"
rm .git/hooks/pre-commit
run_capture 0 "$BIBLINT" uninstall-hook
contains "$OUT" "nothing to remove"
run_capture 2 "$BIBLINT" install-hook --bogus
echo ok
