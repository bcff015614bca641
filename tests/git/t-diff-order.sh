#!/bin/sh
# --diff and list order: an entry the branch put out of place is reported;
# an entry that was already out of place, far from the change, is not.
. "$(dirname "$0")/lib.sh"

e() {
	printf -- '- id: %s\n  type: book\n  author:\n    - family: %s\n      given: A.\n' "$1" "$2"
	printf -- '  title: Book %s\n  publisher: P\n  issued:\n    date-parts:\n      - [%s]\n' "$1" "$3"
}
git init -q r && cd r
# Jones (2009) is already out of place, third
{ e a Adams 2000; e b Baker 2001; e k Jones 2009; e c Clark 2002; e d Dunn 2003
  e f Evans 2004; e g Fox 2005; e h Grant 2006; e i Hill 2007; e j Irwin 2008; } > refs.yml
git add . && git commit -qm base
run_capture 1 "$BIBLINT" --select=order refs.yml
contains "$OUT" "refs.yml:24:15"

git checkout -q -b feature
# Zimmer inserted second: out of place
{ e a Adams 2000; e z Zimmer 2010; e b Baker 2001; e k Jones 2009; e c Clark 2002
  e d Dunn 2003; e f Evans 2004; e g Fox 2005; e h Grant 2006; e i Hill 2007
  e j Irwin 2008; } > refs.yml
git commit -qam insert
run_capture 1 "$BIBLINT" --select=order refs.yml
contains "$OUT" "refs.yml:14:15"
contains "$OUT" "refs.yml:34:15"
run_capture 1 "$BIBLINT" --select=order --diff=main
contains "$OUT" "refs.yml:14:15"
lacks "$OUT" "refs.yml:34:"
run_capture 1 "$BIBLINT" --select=order --diff=main --diff-scope=file
contains "$OUT" "refs.yml:34:15"
echo ok
