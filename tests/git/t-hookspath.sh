#!/bin/sh
# install-hook writes where git runs hooks: core.hooksPath, relative to the
# top of the working tree, whatever directory it is run from.
. "$(dirname "$0")/lib.sh"

git init -q r && cd r
git config core.hooksPath .githooks
mkdir sub && cd sub
run_capture 0 "$BIBLINT" install-hook
contains "$OUT" ".githooks/pre-commit"
cd ..
[ -x .githooks/pre-commit ] || fail "hook not in core.hooksPath"
[ -e .git/hooks/pre-commit ] && fail "hook written to .git/hooks too"
bad_entry > refs.yml
git add refs.yml
run_capture 1 git commit -m bad
contains "$OUT" "[isbn/checksum]"

# the installed hook is hooks/pre-commit with the binary's path filled in
grep -qx "biblint='$(readlink -f "$BIBLINT")'" .githooks/pre-commit ||
	fail "hook does not name the binary by absolute path"
sed "s|^biblint=.*|biblint=''|" .githooks/pre-commit | cmp -s - "$SRCDIR/hooks/pre-commit" ||
	fail "installed hook differs from hooks/pre-commit"

# an absolute hooksPath (~ expanded)
git config core.hooksPath '~/myhooks'
run_capture 0 "$BIBLINT" install-hook
[ -x "$HOME/myhooks/pre-commit" ] || fail "hook not in ~/myhooks"

# with no biblint at the recorded path, the hook falls back to PATH
git config core.hooksPath .githooks
sed -i "s|^biblint=.*|biblint='/nonexistent/biblint'|" .githooks/pre-commit
mkdir -p "$HOME/bin" && ln -s "$(readlink -f "$BIBLINT")" "$HOME/bin/biblint"
PATH="$HOME/bin:$PATH" run_capture 1 git commit -m bad
contains "$OUT" "[isbn/checksum]"
PATH=/usr/bin:/bin run_capture 1 git commit -m bad
contains "$OUT" "biblint is not installed or not on PATH"
echo ok
