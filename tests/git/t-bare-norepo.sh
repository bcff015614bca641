#!/bin/sh
# Refusals: a bare repository, and no repository at all (exit 2).
. "$(dirname "$0")/lib.sh"

git init -q --bare b.git
cd b.git
run_capture 2 "$BIBLINT" --staged
contains "$OUT" "bare repository"
cd ..
mkdir plain && cd plain
GIT_CEILING_DIRECTORIES=$(pwd) run_capture 2 "$BIBLINT" --staged
contains "$OUT" "not a git repository"
GIT_CEILING_DIRECTORIES=$(pwd) run_capture 2 "$BIBLINT" --diff=main
contains "$OUT" "not a git repository"
GIT_CEILING_DIRECTORIES=$(pwd) run_capture 2 "$BIBLINT" install-hook
contains "$OUT" "not a git repository"
run_capture 2 "$BIBLINT" --staged refs.yml
contains "$OUT" "takes no paths"
echo ok
