#!/bin/sh
# run.sh - runs every fuzzer built in BUILD/fuzz/ for SECONDS each.
#
#   sh tests/fuzz/run.sh BUILD SECONDS [HARNESS...]
#
# Each harness NAME grows its corpus in BUILD/fuzz-corpus/NAME, starting
# from the seeds (BUILD/fuzz-seeds/NAME, see seeds.sh) and the regression
# corpus tests/fuzz/regressions/ (but not regressions/open/, the crashes not
# fixed yet). A crash, leak or hang is saved as
# BUILD/fuzz-artifacts/NAME-crash-<sha1> (or leak-, timeout-, oom-); see
# tests/fuzz/README.md. FUZZ_ARGS adds libFuzzer options. Exit status 1
# when some harness failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD SECONDS [HARNESS...]}
secs=${2:?usage: run.sh BUILD SECONDS [HARNESS...]}
shift 2
# libFuzzer reads -max_total_time=0 as "no limit": 0 here means build only
[ "$secs" -gt 0 ] 2>/dev/null || exit 0
[ $# -gt 0 ] || set -- $(cd "$build/fuzz" && ls | grep -v "\\.")
mkdir -p "$build/fuzz-artifacts"
failed=""
for name in "$@"; do
	bin="$build/fuzz/$name"
	corpus="$build/fuzz-corpus/$name"
	mkdir -p "$corpus"
	find "$here/regressions" -type f ! -name '.*' ! -path '*/open/*' \
		-exec cp {} "$corpus/" \;
	seeds="$build/fuzz-seeds/$name"
	[ -d "$seeds" ] || seeds=$corpus
	log="$build/fuzz-artifacts/$name.log"
	echo "fuzz: $name for ${secs}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$name-" \
		${FUZZ_ARGS:-} "$corpus" "$seeds" > "$log" 2>&1; then
		failed="$failed $name"
		grep -a -E "ERROR|invariant|runtime error|SUMMARY|Test unit written" "$log" | head -n 20
	fi
	grep -a "cov: " "$log" | tail -n 1
	grep -a -E "^Done|^stat::peak_rss_mb" "$log"
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed (logs and inputs in $build/fuzz-artifacts/)"
	exit 1
fi
echo "fuzz: no failures"
