#!/bin/sh
# seeds.sh - builds the fuzzers' seed corpora from the golden cases.
#
#   sh tests/fuzz/seeds.sh OUTDIR
#
# Every input file of tests/cases/*.case (its "=== file" and "=== printf"
# sections) becomes a seed of the reader for its extension, in
# OUTDIR/<harness>/, and of the lint harness, prefixed with the byte that
# makes fuzz_lint.c read it in that format. Examples in examples/ are added
# the same way.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: seeds.sh OUTDIR}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# harness and lint format byte (harness.c's table) for a file name
classify() {
	case "$1" in
	*.json) echo "csl_json 3" ;;
	*.yml|*.yaml) echo "csl_yaml 1" ;;
	*.md|*.markdown) echo "markdown 2" ;;
	*.bib|*.bibtex) echo "bibtex 4" ;;
	*.txt) echo "formatted 5" ;;
	*) echo "- 0" ;;
	esac
}

n=0
add() {   # add FILE NAME
	set -- "$1" "$2" $(classify "$2")
	n=$((n + 1))
	if [ "$3" != - ]; then
		mkdir -p "$out/$3"
		cp "$1" "$out/$3/seed-$n"
		if [ "$3" = csl_yaml ]; then
			# the same inputs read on several threads, and
			# given to libyaml whole
			mkdir -p "$out/csl_yaml_parts" "$out/yaml_input"
			cp "$1" "$out/csl_yaml_parts/seed-$n"
			cp "$1" "$out/yaml_input/seed-$n"
		fi
	fi
	mkdir -p "$out/lint" "$out/lint_threads"
	{ printf "\\$(printf '%03o' "$4")"; cat "$1"; } > "$out/lint/seed-$n"
	cp "$out/lint/seed-$n" "$out/lint_threads/seed-$n"
}

for case in "$here"/../cases/*.case; do
	[ -e "$case" ] || continue
	rm -rf "$tmp/sec"
	mkdir "$tmp/sec"
	awk -v dir="$tmp/sec" '
		BEGIN { out = dir "/header"; n = 0 }
		/^=== / {
			n++; kind = $2; fname = $3
			out = sprintf("%s/%03d.%s", dir, n, kind)
			if (fname != "") print fname > (out ".name")
			printf "" > out
			next
		}
		{ print > out }
	' "$case"
	for sec in "$tmp"/sec/[0-9]*; do
		case "$sec" in *.name) continue ;; esac
		[ -f "$sec.name" ] || continue
		name=$(cat "$sec.name")
		case "$sec" in
		*.file) add "$sec" "$name" ;;
		*.printf)
			# shellcheck disable=SC2059
			printf -- "$(cat "$sec")" > "$tmp/printed"
			add "$tmp/printed" "$name" ;;
		esac
	done
done
# the style and configuration loaders: the shipped styles, and every
# .biblint.yml and style file of the golden cases
mkdir -p "$out/style" "$out/config"
for f in "$here"/../../rules/styles/*.yml; do
	n=$((n + 1)); cp "$f" "$out/style/seed-$n"
done
for case in "$here"/../cases/config-*.case "$here"/../cases/style-*.case; do
	[ -e "$case" ] || continue
	n=$((n + 1))
	awk -v out="$out" -v n="$n" '
		/^=== / { f = ""; if ($3 ~ /biblint\.yml$/) f = out "/config/seed-" n "-" NR;
			  else if ($3 ~ /\.yml$/ && FILENAME ~ /style-/) f = out "/style/seed-" n "-" NR; next }
		f != "" { print > f }
	' "$case"
done
for f in "$here"/../../examples/*; do
	[ -f "$f" ] && add "$f" "$(basename "$f")"
done
echo "seeds: $n inputs in $out"
