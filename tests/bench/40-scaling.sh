# 40-scaling.sh - growth with the size of the list: biblint on generated
# CSL-YAML files of 10,000, 100,000 and 1,000,000 entries (gen_csl_yaml).
#
# A check that compares every entry with every other (order, duplicates,
# name variants) would take 100 times longer for 10 times the entries.
# Figures: CPU time (steadier than wall time on a busy machine) and peak
# RSS at each size, and the growth factor for each step of 10x, both raw
# and net of the start-up cost (a one-entry file: styles, ICU data).
# Target: growth <= 12 per 10x (linear with some n log n sorting).
# "read only" runs with every rule off but the reader's own, to tell the
# readers' share from the checks'.
#
# BENCH_SCALING_SIZES overrides the sizes (default "10000 100000 1000000");
# BENCH_SCALING_RUNS the runs per size below 1,000,000 (default 3; the
# largest size runs once). The 1,000,000-entry file is about 400 MB, more
# than the default --max-file-size, which is raised here.
set -eu
. "$BENCH_DIR/lib.sh"

sizes=${BENCH_SCALING_SIZES:-"10000 100000 1000000"}
runs=${BENCH_SCALING_RUNS:-3}
t=$BENCH_OUT/scaling
limit=--max-file-size=2000000000

gen() {
	_f=$BENCH_OUT/refs-$1.yml
	if [ ! -s "$_f" ] || [ "$BENCH_OUT/gen_csl_yaml" -nt "$_f" ]; then
		"$BENCH_OUT/gen_csl_yaml" "$1" "$_f"
	fi
	echo "$_f"
}

# the start-up cost: one entry
one=$(gen 1)
rm -f "$t".1.full "$t".1.read
i=0
while [ "$i" -lt "$runs" ]; do
	bench_time "$t".1.full "$BIBLINT" "$one"
	bench_time "$t".1.read "$BIBLINT" --select=input/syntax "$one"
	i=$((i + 1))
done
base=$(bench_median "$t".1.full 4)
base_read=$(bench_median "$t".1.read 4)
echo "scaling start-up (1 entry): CPU ${base} s, read only ${base_read} s"

prev="" prev_cpu="" prev_read=""
for n in $sizes; do
	file=$(gen "$n")
	size=$(wc -c < "$file")
	rm -f "$t.$n".full "$t.$n".read
	r=$runs
	[ "$n" -ge 1000000 ] && r=1
	i=0
	while [ "$i" -lt "$r" ]; do
		bench_time "$t.$n".full "$BIBLINT" $limit "$file"
		bench_time "$t.$n".read "$BIBLINT" $limit --select=input/syntax "$file"
		i=$((i + 1))
	done
	wall=$(bench_median "$t.$n".full 1)
	cpu=$(bench_median "$t.$n".full 4)
	read=$(bench_median "$t.$n".read 4)
	rss=$(bench_max "$t.$n".full 2)
	rss_read=$(bench_max "$t.$n".read 2)
	echo "scaling $n entries ($(bench_mb $((size / 1024))) MB): CPU ${cpu} s" \
	     "(wall ${wall} s), read only ${read} s; peak RSS $(bench_mb "$rss") MB" \
	     "(read only $(bench_mb "$rss_read") MB, $(bench_ratio "$rss" $((size / 1024))) x the file)"
	if [ -n "$prev" ]; then
		g=$(bench_ratio "$cpu" "$prev_cpu")
		gnet=$(awk -v a="$cpu" -v b="$prev_cpu" -v s="$base" \
			'BEGIN { if (b - s > 0) printf "%.2f\n", (a - s) / (b - s); else print "inf" }')
		gread=$(awk -v a="$read" -v b="$prev_read" -v s="$base_read" \
			'BEGIN { if (b - s > 0) printf "%.2f\n", (a - s) / (b - s); else print "inf" }')
		echo "scaling growth $prev -> $n entries: CPU x$g, net of start-up x$gnet" \
		     "(read only x$gread); target <= 12"
	fi
	prev=$n prev_cpu=$cpu prev_read=$read
done

# Minified CSL-JSON: every entry on one line, one finding per entry. A
# column counted from the line's start for each finding made this
# quadratic (10,000 entries took 25 s).
prev="" prev_cpu=""
for n in 10000 100000; do
	file=$BENCH_OUT/refs-$n.min.json
	if [ ! -s "$file" ]; then
		awk -v n="$n" 'BEGIN { printf "["; for (i = 0; i < n; i++) { if (i) printf ","
			printf "{\"id\":\"k%d\",\"type\":\"book\",\"title\":\"Title %d\",\"author\":[{\"family\":\"Smith%d\",\"given\":\"J.\"}],\"publisher\":\"P\",\"page\":\"%d-%d\",\"issued\":{\"date-parts\":[[%d]]}}", i, i, i, i, i + 5, 1900 + i % 100 }
			printf "]\n" }' > "$file"
	fi
	rm -f "$t.$n".min
	i=0
	while [ "$i" -lt "$runs" ]; do
		bench_time "$t.$n".min "$BIBLINT" $limit "$file"
		i=$((i + 1))
	done
	cpu=$(bench_median "$t.$n".min 4)
	echo "scaling one-line CSL-JSON, $n entries ($(bench_mb $(($(wc -c < "$file") / 1024))) MB, a finding each): CPU ${cpu} s, peak RSS $(bench_mb "$(bench_max "$t.$n".min 2)") MB"
	if [ -n "$prev" ]; then
		echo "scaling growth one-line CSL-JSON $prev -> $n entries: CPU x$(bench_ratio "$cpu" "$prev_cpu"); target <= 12"
	fi
	prev=$n prev_cpu=$cpu
done
