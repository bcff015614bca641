#!/bin/sh
# git --git-dir=X --work-tree=Y (a "dotfiles" setup) exports GIT_WORK_TREE,
# which libgit2 1.5 refuses in its from-environment open.
. "$(dirname "$0")/lib.sh"

git init -q --bare store.git
mkdir files
g() { git --git-dir="$PWD/store.git" --work-tree="$PWD/files" "$@"; }
(GIT_DIR="$PWD/store.git" GIT_WORK_TREE="$PWD/files" "$BIBLINT" install-hook >/dev/null)
[ -x store.git/hooks/pre-commit ] || fail "hook not installed"
bad_entry > files/refs.yml
g add refs.yml
run_capture 1 g commit -m bad
contains "$OUT" "refs.yml:12:9"
good_entry > files/refs.yml
g add refs.yml
run_capture 0 g commit -qm good
# run directly from elsewhere, the environment alone locates everything
cd /
GIT_DIR="$OLDPWD/store.git" GIT_WORK_TREE="$OLDPWD/files" run_capture 0 "$BIBLINT" --staged
echo ok
