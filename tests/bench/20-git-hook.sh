# 20-git-hook.sh - the pre-commit hook in a large repository.
#
# A repository of 10,000 committed files (100 folders of 100) with one
# staged 500-entry CSL-YAML file. Baseline: `git diff --cached --name-only`
# in the same repository, which lists the staged files and does nothing
# else. Figure: the installed hook's wall time (sh, then biblint --staged:
# open the repository, diff HEAD against the index, read the staged blob,
# lint it) over the baseline's. Target: <= 3. For scale, the same run also
# times libyaml alone on the staged file (yaml_floor: every event pulled,
# nothing done with them), which no reading of it can beat.
set -eu
. "$BENCH_DIR/lib.sh"

files=${BENCH_HOOK_FILES:-10000}
entries=${BENCH_HOOK_ENTRIES:-500}
# a round takes some 50 ms: at least 31 of them, since a figure of a few
# milliseconds moves with every other process on a shared machine
runs=${BENCH_HOOK_RUNS:-$((BENCH_RUNS > 31 ? BENCH_RUNS : 31))}
repo=$BENCH_OUT/hook-repo-$files
t=$BENCH_OUT/git-hook
rm -f "$t".hook "$t".staged "$t".git "$t".lint "$t".floor

if [ ! -f "$repo/.done" ]; then
	rm -rf "$repo"
	git init -q "$repo"
	(
		cd "$repo"
		awk -v n="$files" 'BEGIN {
			for (i = 0; i < n; i++) {
				d = sprintf("d%02d", i % 100)
				if (i < 100) system("mkdir -p " d)
				f = sprintf("%s/file%05d.txt", d, i)
				printf "file %d\nsome text that is not a bibliography\n", i > f
				close(f)
			}
		}'
		git add -A
		git -c user.name=bench -c user.email=bench@example.org commit -q -m files
	)
	touch "$repo/.done"
fi
cd "$repo"
mkdir -p refs
"$BENCH_OUT/gen_csl_yaml" "$entries" refs/refs.yml
git add refs/refs.yml
"$BIBLINT" install-hook --force > /dev/null
export GIT_INDEX_FILE=.git/index

# warm the caches, then interleaved runs
git diff --cached --name-only > /dev/null
.git/hooks/pre-commit > /dev/null 2>&1 || true
i=0
while [ "$i" -lt "$runs" ]; do
	bench_time "$t".git git diff --cached --name-only
	bench_time "$t".hook .git/hooks/pre-commit
	bench_time "$t".staged "$BIBLINT" --staged
	bench_time "$t".lint "$BIBLINT" refs/refs.yml
	bench_time "$t".floor "$BENCH_OUT/yaml_floor" refs/refs.yml
	i=$((i + 1))
done
unset GIT_INDEX_FILE

base=$(bench_median "$t".git 1)
hook=$(bench_median "$t".hook 1)
staged=$(bench_median "$t".staged 1)
lint=$(bench_median "$t".lint 1)
floor=$(bench_median "$t".floor 1)
echo "git hook repository: $files files, one staged $entries-entry CSL-YAML file ($runs rounds)"
echo "git diff --cached --name-only: ${base} s"
echo "git hook wall time: ${hook} s (ratio to baseline git diff --cached --name-only $(bench_ratio "$hook" "$base"); target <= 3)"
echo "git hook biblint --staged alone: ${staged} s (ratio $(bench_ratio "$staged" "$base"))"
echo "git hook linting the file by path: ${lint} s (ratio $(bench_ratio "$lint" "$base"))"
echo "git hook libyaml alone on the file (yaml_floor): ${floor} s (ratio $(bench_ratio "$floor" "$base"))"
