#!/bin/sh
# run.sh - run every git scenario script (tests/git/t*.sh) in a scratch dir.
set -u
here=$(cd "$(dirname "$0")" && pwd)
pass=0 failn=0 failed=""
for t in "$here"/t*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	tmp=$(mktemp -d)
	if (cd "$tmp" && env -u GIT_DIR -u GIT_INDEX_FILE -u GIT_WORK_TREE \
		HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 sh "$t") > "$tmp.log" 2>&1; then
		pass=$((pass + 1))
	else
		failn=$((failn + 1)); failed="$failed $name"
		echo "--- $name failed:"; cat "$tmp.log"
	fi
	rm -rf "$tmp" "$tmp.log"
done
echo "git: $pass passed, $failn failed"
[ "$failn" = 0 ] || { echo "failed:$failed"; exit 1; }
