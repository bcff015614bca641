#!/bin/sh
# run.sh - the benchmark (`make bench`): builds the helper programs, then
# runs every section script tests/bench/NN-*.sh in order.
#
# Usage: sh tests/bench/run.sh BIBLINT [SECTION-PATTERN]
#
# A section is a shell script that sources lib.sh and prints one line per
# figure: "name: value (ratio to baseline X)". To add one (a git hook
# bench, transliteration, BibTeX peers...), drop NN-name.sh beside this
# file; it gets these variables:
#   BIBLINT        the biblint binary
#   BENCH_DIR      this directory
#   BENCH_OUT      tests/bench/out (git-ignored): generated inputs, tools
#   BENCH_RUSAGE   $BENCH_OUT/rusage: runs a command, appends
#                  "WALL_SECONDS MAXRSS_KB EXIT_STATUS CPU_SECONDS" to a file
#   BENCH_RUNS     timed runs per command (default 5; the median is used)
#   BENCH_CC       the C compiler, BENCH_YAML_CFLAGS/BENCH_YAML_LIBS for libyaml
# The figures are not pass/fail: a benchmark run always exits 0 unless a
# program it measures fails to run.
set -eu
BIBLINT=${1:?usage: run.sh BIBLINT [SECTION-PATTERN]}
pattern=${2:-}
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
BENCH_OUT=$BENCH_DIR/out
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_CC=${CC:-cc}
BENCH_YAML_CFLAGS=$(pkg-config --cflags yaml-0.1 2>/dev/null || true)
BENCH_YAML_LIBS=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
BENCH_RUSAGE=$BENCH_OUT/rusage
export BIBLINT BENCH_DIR BENCH_OUT BENCH_RUNS BENCH_CC BENCH_RUSAGE \
	BENCH_YAML_CFLAGS BENCH_YAML_LIBS
mkdir -p "$BENCH_OUT"

# build a helper when its source is newer than the binary
build() {
	if [ ! -x "$BENCH_OUT/$1" ] || [ "$BENCH_DIR/$2" -nt "$BENCH_OUT/$1" ]; then
		# shellcheck disable=SC2086
		$BENCH_CC -O2 -o "$BENCH_OUT/$1" "$BENCH_DIR/$2" $3
	fi
}
build rusage rusage.c ""
build gen_csl_yaml gen_csl_yaml.c ""
build yaml_floor yaml_floor.c "$BENCH_YAML_CFLAGS $BENCH_YAML_LIBS"

echo "biblint benchmark: $("$BIBLINT" --version 2>/dev/null | head -n 1), $(uname -m), $BENCH_RUNS runs per command (median)"
for section in "$BENCH_DIR"/[0-9][0-9]-*.sh; do
	[ -e "$section" ] || continue
	name=$(basename "$section" .sh)
	if [ -n "$pattern" ]; then case "$name" in *$pattern*) ;; *) continue ;; esac; fi
	echo "== ${name#[0-9][0-9]-}"
	sh "$section"
done
