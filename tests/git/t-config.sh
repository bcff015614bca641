#!/bin/sh
# .biblint.yml decides which staged files are reference lists, and its rule
# severities apply to them.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
printf 'files: [bibliography/]\n' > .biblint.yml
mkdir bibliography
bad_entry > elsewhere.yml
bad_entry 2 > bibliography/main.yml
git add .
run_capture 1 git commit -m first
contains "$OUT" "bibliography/main.yml:12:9"
lacks "$OUT" "elsewhere.yml"

printf 'files: [bibliography/]\nrules:\n  isbn: off\n' > .biblint.yml
git add .biblint.yml
run_capture 0 git commit -qm first
echo ok
