#!/bin/sh
# run-cases.sh - run the golden CLI cases in tests/cases/*.case.
#
# A case is one file:
#
#   # what the case is about (comment lines start with #)
#   args: --format=json refs.yml      arguments, split as the shell would
#   exit: 1                           expected exit status
#   stdin: refs.yml                   optional: a file fed to standard input
#   setup: chmod 000 refs.yml         optional: shell commands run first
#   === file refs.yml                 a file created before the run
#   ...lines...
#   === printf bad.yml                a file made with printf(1) from the body
#                                     (octal escapes: \303\251)
#   === stdout                        the expected standard output
#   === stderr                        the expected standard error (optional)
#   === expect-file refs.yml          optional: what the file holds after the
#   ...lines...                       run, byte for byte (--fix cases)
#   === expect-printf refs.yml        the same, written with printf(1)
#   after: test -L link.yml           optional: shell commands run after the
#                                     run; the case fails if they fail
#   require: chattr -V                optional: the case is skipped unless
#                                     these commands succeed
#
# With --update, stdout, stderr (when the case has that section), exit and
# expect-file bodies are rewritten from the actual run. BIBLINT names the
# binary.
set -u
update=0
[ "${1:-}" = "--update" ] && update=1 && shift
here=$(cd "$(dirname "$0")" && pwd)
bin=${BIBLINT:?set BIBLINT to the biblint binary}
pattern=${1:-}
pass=0 failn=0 skipn=0
failed=""
for case in "$here"/cases/*.case; do
	[ -e "$case" ] || continue
	name=$(basename "$case" .case)
	if [ -n "$pattern" ]; then case "$name" in *$pattern*) ;; *) continue ;; esac; fi
	tmp=$(mktemp -d)
	mkdir "$tmp/.sec" "$tmp/w"
	awk -v dir="$tmp/.sec" '
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
	args=$(sed -n 's/^args: *//p' "$tmp/.sec/header" | head -n 1)
	want_exit=$(sed -n 's/^exit: *//p' "$tmp/.sec/header" | head -n 1)
	stdin_file=$(sed -n 's/^stdin: *//p' "$tmp/.sec/header" | head -n 1)
	setup=$(sed -n 's/^setup: *//p' "$tmp/.sec/header")
	after=$(sed -n 's/^after: *//p' "$tmp/.sec/header")
	require=$(sed -n 's/^require: *//p' "$tmp/.sec/header")
	if [ -n "$require" ] && ! (cd "$tmp/w" && sh -c "$require") > /dev/null 2>&1; then
		rm -rf "$tmp"; skipn=$((skipn + 1)); echo "--- $name: skipped (needs: $require)"
		continue
	fi
	has_stderr=0
	mkdir "$tmp/expect"
	for sec in "$tmp"/.sec/[0-9]*; do
		case "$sec" in *.name) continue ;; esac
		kind=${sec##*.}
		case "$kind" in
		file)
			f=$(cat "$sec.name"); mkdir -p "$tmp/w/$(dirname "$f")"
			cp "$sec" "$tmp/w/$f" ;;
		printf)
			f=$(cat "$sec.name"); mkdir -p "$tmp/w/$(dirname "$f")"
			# shellcheck disable=SC2059
			printf -- "$(cat "$sec")" > "$tmp/w/$f" ;;
		stdout) cp "$sec" "$tmp/want.stdout" ;;
		stderr) cp "$sec" "$tmp/want.stderr"; has_stderr=1 ;;
		expect-file)
			cp "$sec" "$tmp/expect/$(cat "$sec.name" | tr / '\001')" ;;
		expect-printf)
			# shellcheck disable=SC2059
			printf -- "$(cat "$sec")" > "$tmp/expect/$(cat "$sec.name" | tr / '\001')" ;;
		esac
	done
	[ -f "$tmp/want.stdout" ] || : > "$tmp/want.stdout"
	(
		cd "$tmp/w" || exit 99
		[ -n "$setup" ] && sh -c "$setup"
		eval "set -- $args"
		if [ -n "${BIBLINT_VALGRIND:-}" ]; then
			set -- valgrind -q --error-exitcode=99 --leak-check=full "$bin" "$@"
		else
			set -- "$bin" "$@"
		fi
		if [ -n "$stdin_file" ]; then
			NO_COLOR=1 "$@" < "$stdin_file"
		else
			NO_COLOR=1 "$@" < /dev/null
		fi
	) > "$tmp/got.stdout" 2> "$tmp/got.stderr"
	got_exit=$?
	after_rc=0 after_out=""
	if [ -n "$after" ]; then
		after_out=$(cd "$tmp/w" && sh -c "$after" 2>&1) || after_rc=1
	fi
	ok=1
	if [ "$update" = 1 ]; then
		awk -v so="$tmp/got.stdout" -v se="$tmp/got.stderr" -v ex="$got_exit" -v hs="$has_stderr" -v w="$tmp/w" '
			function dump(f,  line) { while ((getline line < f) > 0) print line; close(f) }
			/^exit:/ { print "exit: " ex; next }
			/^=== stdout/ { print; dump(so); skip = 1; next }
			/^=== stderr/ { print; dump(se); skip = 1; next }
			/^=== expect-file / { print; dump(w "/" $3); skip = 1; next }
			/^=== / { skip = 0 }
			!skip { print }
			END { }
		' "$case" > "$tmp/new.case"
		grep -q '^=== stdout' "$case" || { printf '=== stdout\n' >> "$tmp/new.case"; cat "$tmp/got.stdout" >> "$tmp/new.case"; }
		cp "$tmp/new.case" "$case"
	else
		if [ "$got_exit" != "$want_exit" ]; then ok=0; echo "--- $name: exit $got_exit, expected $want_exit"; fi
		if ! diff -u "$tmp/want.stdout" "$tmp/got.stdout" > "$tmp/diff"; then
			ok=0; echo "--- $name: stdout differs"; cat "$tmp/diff"
		fi
		if [ "$has_stderr" = 1 ] && ! diff -u "$tmp/want.stderr" "$tmp/got.stderr" > "$tmp/diff"; then
			ok=0; echo "--- $name: stderr differs"; cat "$tmp/diff"
		fi
		for want in "$tmp"/expect/*; do
			[ -e "$want" ] || continue
			f=$(basename "$want" | tr '\001' /)
			if [ ! -f "$tmp/w/$f" ]; then
				ok=0; echo "--- $name: $f is missing after the run"
			elif ! cmp -s "$want" "$tmp/w/$f"; then
				ok=0; echo "--- $name: $f differs after the run"
				diff -u "$want" "$tmp/w/$f" | sed 's/^/    /'
			fi
		done
		if [ "$after_rc" != 0 ]; then
			ok=0; echo "--- $name: after: failed: $after"; echo "$after_out"
		fi
		if [ -n "${BIBLINT_VALGRIND:-}" ] && [ "$got_exit" = 99 ]; then ok=0; cat "$tmp/got.stderr"; fi
	fi
	# a case may leave an immutable directory behind on failure
	rm -rf "$tmp" 2> /dev/null || { chattr -R -i "$tmp" 2> /dev/null; rm -rf "$tmp"; }
	if [ "$ok" = 1 ]; then pass=$((pass + 1)); else failn=$((failn + 1)); failed="$failed $name"; fi
done
[ "$update" = 1 ] && { echo "cases: expectations rewritten"; exit 0; }
if [ "$skipn" = 0 ]; then
	echo "cases: $pass passed, $failn failed"
else
	echo "cases: $pass passed, $failn failed, $skipn skipped"
fi
[ "$failn" = 0 ] || { echo "failed:$failed"; exit 1; }
