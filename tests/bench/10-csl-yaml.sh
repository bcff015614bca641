# 10-csl-yaml.sh - reading and checking a 100,000-entry CSL-YAML file.
#
# Baselines: the wall time of yaml_floor (a program that only pulls every
# libyaml event from the file), and for memory 2 x the file size + 32 MB.
# Targets: biblint / floor <= 1.5; peak RSS <= the memory baseline.
# "read only" runs biblint with every rule off but the reader's own, to
# tell the reader's share from the rules'. biblint reads and checks a long
# list on as many threads as there are processors, the floor reads on one:
# the wall time is also given for biblint -j1 (one thread), and CPU time
# beside wall time.
set -eu
. "$BENCH_DIR/lib.sh"

n=${BENCH_ENTRIES:-100000}
file=$BENCH_OUT/refs-$n.yml
if [ ! -s "$file" ] || [ "$BENCH_OUT/gen_csl_yaml" -nt "$file" ]; then
	"$BENCH_OUT/gen_csl_yaml" "$n" "$file"
fi
size=$(wc -c < "$file")
t=$BENCH_OUT/csl-yaml
rm -f "$t".floor "$t".full "$t".read "$t".one

# one untimed run of each to warm the page cache, then interleaved runs
"$BENCH_OUT/yaml_floor" "$file" > /dev/null
"$BIBLINT" "$file" > /dev/null || [ $? -eq 1 ]
i=0
while [ "$i" -lt "$BENCH_RUNS" ]; do
	bench_time "$t".floor "$BENCH_OUT/yaml_floor" "$file"
	bench_time "$t".full "$BIBLINT" "$file"
	bench_time "$t".read "$BIBLINT" --select=input/syntax "$file"
	bench_time "$t".one "$BIBLINT" -j1 "$file"
	i=$((i + 1))
done

floor=$(bench_median "$t".floor 1)
full=$(bench_median "$t".full 1)
read=$(bench_median "$t".read 1)
one=$(bench_median "$t".one 1)
threads=$(nproc 2>/dev/null || echo 1)
[ "$threads" -le 16 ] || threads=16
floor_cpu=$(bench_median "$t".floor 4)
full_cpu=$(bench_median "$t".full 4)
read_cpu=$(bench_median "$t".read 4)
rss=$(bench_max "$t".full 2)
rss_read=$(bench_max "$t".read 2)
rss_floor=$(bench_max "$t".floor 2)
limit_kb=$(( (2 * size) / 1024 + 32 * 1024 ))

echo "csl-yaml input: $n entries, $(bench_mb $((size / 1024))) MB"
echo "csl-yaml floor (libyaml events only): ${floor} s, peak RSS $(bench_mb "$rss_floor") MB"
echo "csl-yaml wall time: ${full} s with $threads processor(s) (ratio to baseline yaml_floor $(bench_ratio "$full" "$floor"); target <= 1.5)"
echo "csl-yaml wall time on one thread (-j1): ${one} s (ratio to baseline yaml_floor $(bench_ratio "$one" "$floor"))"
echo "csl-yaml read only: ${read} s (ratio to baseline yaml_floor $(bench_ratio "$read" "$floor"))"
echo "csl-yaml CPU time: ${full_cpu} s (ratio to baseline yaml_floor ${floor_cpu} s: $(bench_ratio "$full_cpu" "$floor_cpu")), read only ${read_cpu} s ($(bench_ratio "$read_cpu" "$floor_cpu"))"
echo "csl-yaml entries per second: $(awk -v n="$n" -v t="$full" 'BEGIN { printf "%.0f\n", n / t }') (read only $(awk -v n="$n" -v t="$read" 'BEGIN { printf "%.0f\n", n / t }'))"
echo "csl-yaml peak RSS: $(bench_mb "$rss") MB (ratio to baseline 2 x file + 32 MB = $(bench_mb "$limit_kb") MB: $(bench_ratio "$rss" "$limit_kb"); target <= 1)"
echo "csl-yaml peak RSS read only: $(bench_mb "$rss_read") MB (ratio to baseline $(bench_mb "$limit_kb") MB: $(bench_ratio "$rss_read" "$limit_kb"))"
