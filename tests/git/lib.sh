# lib.sh - helpers for the git scenario scripts (sourced, not run).
#
# Each t*.sh runs in a fresh temporary directory with HOME inside it (see
# run.sh); $BIBLINT is the binary under test.
set -eu
: "${BIBLINT:?set BIBLINT to the biblint binary}"
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$HOME"
git config --global user.email tester@example.org
git config --global user.name Tester
git config --global init.defaultBranch main
git config --global advice.detachedHead false

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# new_repo DIR: an empty repository with biblint's hook installed.
new_repo() {
	git init -q "$1"
	(cd "$1" && "$BIBLINT" install-hook >/dev/null)
}

# good_entry [N]: one of three complete, clean CSL-YAML entries (nothing for
# any rule to report); each is 12 lines long, its ISBN on line 12.
good_entry() {
	case ${1:-1} in
	1) set -- knuth1984 Knuth 'Donald E.' 'The TeXbook' 1984 978-0-201-13447-6 ;;
	2) set -- lamport1994 Lamport Leslie 'LaTeX, a document preparation system' 1994 978-0-201-52983-8 ;;
	*) set -- goossens1994 Goossens Michel 'The LaTeX companion' 1994 978-0-201-54199-1 ;;
	esac
	cat <<EOT
- id: $1
  type: book
  author:
    - family: $2
      given: $3
  title: $4
  publisher: Addison-Wesley
  publisher-place: Reading, MA
  issued:
    date-parts:
      - [$5]
  ISBN: $6
EOT
}

# bad_entry [N]: the same entry with a wrong ISBN check digit
# (isbn/checksum, an error, reported at line 12 column 9).
bad_entry() {
	good_entry "$@" | awk '/ISBN:/ { d = substr($0, length($0)); \
		$0 = substr($0, 1, length($0) - 1) ((d + 1) % 10) } { print }'
}

# run_capture CODE CMD...: runs CMD, stores stdout+stderr in $OUT and fails
# unless it exits with CODE.
run_capture() {
	want=$1
	shift
	set +e
	OUT=$("$@" 2>&1)
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "$OUT" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# contains TEXT PATTERN: fails unless the fixed string PATTERN is in TEXT.
contains() {
	case $1 in
	*"$2"*) ;;
	*) echo "$1" >&2; fail "output lacks '$2'" ;;
	esac
}

lacks() {
	case $1 in
	*"$2"*) echo "$1" >&2; fail "output has '$2'" ;;
	*) ;;
	esac
}
