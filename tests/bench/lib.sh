# lib.sh - helpers for the benchmark sections (sourced, not run).
#
#   bench_time FILE CMD...      one run of CMD under rusage, appended to FILE
#   bench_median FILE COLUMN    the median of a column of FILE (1 wall, 2 RSS,
#                               4 CPU time)
#   bench_max FILE COLUMN       the largest value of a column
#   bench_ratio A B             A / B with two decimals
#   bench_mb KB                 kilobytes as megabytes with one decimal

bench_time() {
	_f=$1
	shift
	"$BENCH_RUSAGE" "$_f" "$@"
	_st=$(tail -n 1 "$_f" | awk '{ print $3 }')
	# biblint exits 1 when it has findings; anything above that is a failure
	if [ "$_st" -gt 1 ]; then
		echo "bench: '$*' exited with status $_st" >&2
		exit 1
	fi
}

bench_median() {
	sort -g -k "$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
		END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_max() {
	awk -v c="$2" 'NR == 1 || $c > m { m = $c } END { print m }' "$1"
}

bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "inf" }'
}

bench_mb() {
	awk -v k="$1" 'BEGIN { printf "%.1f\n", k / 1024 }'
}
