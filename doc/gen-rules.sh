#!/bin/sh
# gen-rules.sh - writes doc/rules.md from the rule table, through
# `biblint --list-rules` and `biblint --explain`, so the documentation
# cannot drift from the code. Usage: sh doc/gen-rules.sh BIBLINT > doc/rules.md
set -eu
bin=${1:?usage: gen-rules.sh BIBLINT}
echo "# biblint rules"
echo
echo "Generated from the rule table by \`make docs\`; \`biblint --explain=RULE\` prints the same text."
echo
echo "| rule | severity | summary |"
echo "| --- | --- | --- |"
"$bin" --list-rules | while read -r id sev rest; do
	printf '| [`%s`](#%s) | %s | %s |\n' "$id" "$(printf %s "$id" | tr -d '/')" "$sev" "$rest"
done
"$bin" --list-rules | while read -r id sev rest; do
	echo
	echo "## $id"
	echo
	"$bin" --explain="$id" | awk '
		NR == 1 { next }
		code && /^    / { print substr($0, 5); next }
		code && !/^    / { print "```"; print ""; code = 0 }
		/^(Bad|Good):$/ { print "**" substr($0, 1, length($0) - 1) "**"; print ""; print "```"; code = 1; next }
		{ print }
		END { if (code) print "```" }'
done
