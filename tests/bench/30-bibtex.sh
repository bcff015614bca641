# 30-bibtex.sh - BibTeX against the peers: biblint, bibclean (Debian, C)
# and bibtex-tidy (npm, JavaScript) on the same files in the same run.
#
# Inputs: a generated 100,000-entry .bib (gen_bibtex.c: varied, realistic
# entries with macros, accents and a few mistakes) and Debian's
# biblatex-examples.bib (package texlive-bibtex-extra).
# Targets: biblint / bibclean <= 1.0 (biblint checks more); bibtex-tidy /
# biblint >= 20. The peers are installed when missing and this runs as
# root (apt-get install bibclean texlive-bibtex-extra; npm install
# bibtex-tidy into $BENCH_OUT/node); a peer that cannot be had is skipped
# with a note. bibtex-tidy reads standard input and writes standard output
# so that it never rewrites the file. BENCH_TIDY_RUNS (default 1) sets its
# runs on the large file: it takes minutes and gigabytes there.
set -eu
. "$BENCH_DIR/lib.sh"

n=${BENCH_ENTRIES:-100000}
tidy_runs=${BENCH_TIDY_RUNS:-1}
gen=$BENCH_OUT/gen_bibtex
if [ ! -x "$gen" ] || [ "$BENCH_DIR/gen_bibtex.c" -nt "$gen" ]; then
	$BENCH_CC -O2 -o "$gen" "$BENCH_DIR/gen_bibtex.c"
fi
file=$BENCH_OUT/refs-$n.bib
if [ ! -s "$file" ] || [ "$gen" -nt "$file" ]; then
	"$gen" "$n" "$file"
fi

apt_install() {
	if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
			> /dev/null 2>&1 ||
		{ DEBIAN_FRONTEND=noninteractive apt-get update -qq > /dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
			> /dev/null 2>&1; } || true
	fi
}

command -v bibclean > /dev/null 2>&1 || apt_install bibclean
bibclean=$(command -v bibclean || true)

tidy=$(command -v bibtex-tidy || true)
if [ -z "$tidy" ]; then
	tidy=$BENCH_OUT/node/node_modules/.bin/bibtex-tidy
	if [ ! -x "$tidy" ] && command -v npm > /dev/null 2>&1; then
		npm install --silent --prefix "$BENCH_OUT/node" bibtex-tidy > /dev/null 2>&1 || true
	fi
	[ -x "$tidy" ] || tidy=
fi

examples=$(kpsewhich biblatex-examples.bib 2>/dev/null || true)
if [ -z "$examples" ]; then
	apt_install texlive-bibtex-extra
	examples=$(dpkg -L texlive-bibtex-extra 2>/dev/null |
		grep '/biblatex-examples\.bib$' | head -n 1 || true)
fi

# tidy_stdin FILE: bibtex-tidy on standard input, output discarded
tidy_stdin() {
	"$tidy" < "$1" > /dev/null
}

# measure NAME FILE TIDY_RUNS: prints the figures for one input
measure() {
	name=$1 input=$2 truns=$3
	t=$BENCH_OUT/bibtex-$name
	rm -f "$t".biblint "$t".read "$t".bibclean "$t".tidy
	"$BIBLINT" "$input" > /dev/null || [ $? -eq 1 ]
	i=0
	while [ "$i" -lt "$BENCH_RUNS" ]; do
		bench_time "$t".biblint "$BIBLINT" "$input"
		bench_time "$t".read "$BIBLINT" --select=input/syntax "$input"
		if [ -n "$bibclean" ]; then
			bench_time "$t".bibclean sh -c '"$1" "$2" > /dev/null 2>&1; [ $? -le 1 ]' \
				sh "$bibclean" "$input"
		fi
		i=$((i + 1))
	done
	i=0
	while [ -n "$tidy" ] && [ "$i" -lt "$truns" ]; do
		bench_time "$t".tidy sh -c '"$1" < "$2" > /dev/null' sh "$tidy" "$input"
		i=$((i + 1))
	done
	full=$(bench_median "$t".biblint 1)
	read=$(bench_median "$t".read 1)
	size=$(wc -c < "$input")
	echo "bibtex $name input: $(grep -c '^[[:space:]]*@' "$input") @-lines, $(bench_mb $((size / 1024))) MB"
	echo "bibtex $name biblint: ${full} s, read only ${read} s, peak RSS $(bench_mb "$(bench_max "$t".biblint 2)") MB"
	if [ -n "$bibclean" ]; then
		bc=$(bench_median "$t".bibclean 1)
		echo "bibtex $name bibclean: ${bc} s; biblint / bibclean: $(bench_ratio "$full" "$bc") (target <= 1.0)"
	else
		echo "bibtex $name bibclean: not available (apt-get install bibclean)"
	fi
	if [ -n "$tidy" ] && [ ! -s "$t".tidy ]; then
		echo "bibtex $name bibtex-tidy: skipped (BENCH_TIDY_RUNS=0)"
	elif [ -n "$tidy" ]; then
		td=$(bench_median "$t".tidy 1)
		echo "bibtex $name bibtex-tidy: ${td} s, peak RSS $(bench_mb "$(bench_max "$t".tidy 2)") MB; bibtex-tidy / biblint: $(bench_ratio "$td" "$full") (target >= 20)"
	else
		echo "bibtex $name bibtex-tidy: not available (npm install bibtex-tidy)"
	fi
}

measure "$n" "$file" "$tidy_runs"
if [ -n "$examples" ] && [ -s "$examples" ]; then
	measure biblatex-examples "$examples" "$BENCH_RUNS"
	# what each program reports on the examples, by kind
	"$BIBLINT" --format=json "$examples" 2> /dev/null |
		grep -o '"rule": "[^"]*"' | sort | uniq -c | sort -rn |
		awk '{ printf "bibtex biblatex-examples biblint %s: %s\n", $3, $1 }' | tr -d '"'
	if [ -n "$bibclean" ]; then
		# "%% "FILE", line N: Message in ``field = value''." by message
		"$bibclean" "$examples" 2>&1 > /dev/null |
			sed -n 's/^\([?%][?%]\) "[^"]*", line [0-9]*: \(.*\)$/\2/p' |
			sed 's/ in ``.*//; s/[0-9][0-9Xx-]*[0-9Xx]/N/g' |
			sort | uniq -c | sort -rn |
			awk '{ c = $1; $1 = ""; printf "bibtex biblatex-examples bibclean%s: %s\n", $0, c }'
		n=$("$bibclean" "$examples" 2>&1 > /dev/null | grep -c '^[?%][?%]' || true)
		echo "bibtex biblatex-examples bibclean messages: $n"
		# bibclean also rewrites values silently: count the page ranges
		# it turned into -- (biblint reports those as pages findings)
		pat='^ *pages *= *.[^"}]*[0-9]--[0-9]'
		out=$("$bibclean" "$examples" 2> /dev/null | grep -ci "$pat" || true)
		in=$(grep -ci "$pat" "$examples" || true)
		all=$(grep -ci '^ *pages *=' "$examples" || true)
		echo "bibtex biblatex-examples bibclean page ranges rewritten to --: $((out - in)) of $all"
	fi
else
	echo "bibtex biblatex-examples: not available (apt-get install texlive-bibtex-extra)"
fi
