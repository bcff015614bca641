#!/bin/sh
# The index is read in each on-disk version (2, 3 with extended flags, 4
# with compressed paths), with or without a cache tree; a staged blob loose
# or packed.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
mkdir -p a/b c
good_entry > a/b/one.yml
good_entry 2 > a/two.yml
good_entry 3 > c/three.yml
git add . && git commit -qm init
for v in 2 3 4; do
	git update-index --index-version "$v"
	bad_entry 2 > a/two.yml
	git add a/two.yml
	run_capture 1 "$BIBLINT" --staged
	contains "$OUT" "a/two.yml:12:9"
	lacks "$OUT" "one.yml"
	# intent-to-add needs the extended flags of version 3 and later
	bad_entry > a/b/new.yml
	git add -N a/b/new.yml
	run_capture 1 "$BIBLINT" --staged
	lacks "$OUT" "new.yml"
	git rm -q --cached a/b/new.yml && rm a/b/new.yml
	git reset -q a/two.yml && good_entry 2 > a/two.yml
	run_capture 0 "$BIBLINT" --staged
done
# without a cache tree (git read-tree drops it), every folder is compared
git update-index --index-version 2
bad_entry 3 > c/three.yml
git add c/three.yml
rm -f .git/index && git read-tree HEAD && git add c/three.yml
run_capture 1 "$BIBLINT" --staged
contains "$OUT" "c/three.yml:12:9"
lacks "$OUT" "two.yml"
# a staged blob is read from a pack as well as loose
bad_entry 2 > a/two.yml
git add a/two.yml
id=$(git rev-parse :a/two.yml)
run_capture 1 "$BIBLINT" --staged
contains "$OUT" "a/two.yml:12:9"
git gc -q
[ ! -e ".git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)" ] ||
	fail "the staged blob is still loose after git gc"
run_capture 1 "$BIBLINT" --staged
contains "$OUT" "a/two.yml:12:9"
contains "$OUT" "c/three.yml:12:9"
echo ok
