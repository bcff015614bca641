# 40-formatted.sh - reading, segmenting and checking a 100,000-line printed
# reference list (one reference per line, in the quaestio-rossica shapes:
# books, articles with DOIs, multi-volume editions, archives), against the
# CSL-YAML file of the same number of entries in the same run.
#
# Figures: references per second for the printed list under
# --style=quaestio-rossica, entries per second for CSL-YAML, and their
# ratio (printed / CSL-YAML; 1 means segmentation costs nothing).
set -eu
. "$BENCH_DIR/lib.sh"

n=${BENCH_ENTRIES:-100000}
txt=$BENCH_OUT/refs-$n.txt
yml=$BENCH_OUT/refs-$n.yml
if [ ! -s "$txt" ] || [ "$BENCH_DIR/40-formatted.sh" -nt "$txt" ]; then
	awk -v n="$n" 'BEGIN {
		split("Belousova Bezymenskii Carley Dullin Fitzpatrick Isserson Ken Orlov Sipols Soutou", fam, " ")
		split("Z. S.|L. A.|M. J.|S.|Sh.|G. S.|O. N.|B. M.|V. Ya.|G.-H.", giv, "|")
		split("Frantsiya i evropeiskaya bezopasnost’|Gitler i Stalin pered skhvatkoi|Povsednevnyi stalinizm|Sud’ba polkovodtsa|V poiskakh soyuznikov", tit, "|")
		split("Moscow|Paris|Cambridge|Bruxelles", city, "|")
		split("Nauka|ROSSPEN|Fayard|Cambridge Univ. Press", pub, "|")
		for (i = 0; i < n; i++) {
			f = fam[i % 10 + 1]; g = giv[i % 10 + 1]; y = 1900 + int(i / 1000)
			t = tit[i % 5 + 1] " " i
			k = i % 4
			if (k == 0)
				printf "%s, %s (%d). %s [A Translation %d]. %s, %s. %d p.\n", f, g, y, t, i, city[i % 4 + 1], pub[i % 4 + 1], 100 + i % 700
			else if (k == 1)
				printf "%s, %s (%d). %s. In Voprosy istorii. Vol. %d. No. %d, pp. %d–%d. DOI 10.1080/%08d.\n", f, g, y, t, i % 90 + 1, i % 12 + 1, i % 500 + 1, i % 500 + 20, i
			else if (k == 2)
				printf "%s, %s (%d). %s. 2 vols. Paris, Gallimard. Vol. 1. Volume title %d? %d p.\n", f, g, y, t, i, 200 + i % 500
			else
				printf "AVP RF [Archive of the Foreign Policy %d]. Stock 05. List %d. File %d. Dos. %d, %d.\n", i, i % 30, i % 200, i % 90, i % 90 + 3
		}
	}' > "$txt"
fi
if [ ! -s "$yml" ] || [ "$BENCH_OUT/gen_csl_yaml" -nt "$yml" ]; then
	"$BENCH_OUT/gen_csl_yaml" "$n" "$yml"
fi
t=$BENCH_OUT/formatted
rm -f "$t".txt.runs "$t".yml.runs

"$BIBLINT" --style=quaestio-rossica "$txt" > /dev/null || [ $? -eq 1 ]
"$BIBLINT" "$yml" > /dev/null || [ $? -eq 1 ]
i=0
while [ "$i" -lt "$BENCH_RUNS" ]; do
	bench_time "$t".txt.runs "$BIBLINT" --style=quaestio-rossica "$txt"
	bench_time "$t".yml.runs "$BIBLINT" "$yml"
	i=$((i + 1))
done

ft=$(bench_median "$t".txt.runs 1)
yt=$(bench_median "$t".yml.runs 1)
frate=$(awk -v n="$n" -v t="$ft" 'BEGIN { printf "%.0f\n", n / t }')
yrate=$(awk -v n="$n" -v t="$yt" 'BEGIN { printf "%.0f\n", n / t }')
unrec=$("$BIBLINT" --style=quaestio-rossica --select=format/unrecognised --format=json "$txt" |
	grep -c '"rule": *"format/unrecognised"' || true)

echo "formatted input: $n lines, $(bench_mb $(($(wc -c < "$txt") / 1024))) MB, $unrec unrecognised"
echo "formatted wall time: ${ft} s, peak RSS $(bench_mb "$(bench_max "$t".txt.runs 2)") MB"
echo "formatted references per second: $frate (ratio to baseline csl-yaml $yrate entries per second: $(bench_ratio "$frate" "$yrate"))"
