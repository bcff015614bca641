#!/bin/sh
# No merge base: a shallow clone, or unrelated histories, fail (exit 2) with
# a message that says to fetch more history; never a silent pass.
. "$(dirname "$0")/lib.sh"
# libgit2 1.5.1's own leak on that path (see the file) is not biblint's
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$SRCDIR/tests/git/lsan-libgit2.supp"
export LSAN_OPTIONS

git init -q origin && cd origin
good_entry > refs.yml && git add . && git commit -qm one
good_entry 2 > refs.yml && git commit -qam two
git checkout -q -b feature
bad_entry 3 > refs.yml && git commit -qam three
git checkout -q main
good_entry 3 > other.yml && git add . && git commit -qm four
cd ..

git clone -q --depth=1 --branch=feature "file://$PWD/origin" clone
cd clone
git fetch -q --depth=1 origin main:refs/remotes/origin/main
run_capture 2 "$BIBLINT" --diff=origin/main
contains "$OUT" "shallow"
contains "$OUT" "fetch-depth: 0"
git fetch -q --unshallow origin
run_capture 1 "$BIBLINT" --diff=origin/main
contains "$OUT" "refs.yml:12:9"

git checkout -q --orphan unrelated
git rm -rfq . && good_entry > new.yml && git add . && git commit -qm unrelated
run_capture 2 "$BIBLINT" --diff=origin/main
contains "$OUT" "no common ancestor"
contains "$OUT" "fetch-depth"
echo ok
