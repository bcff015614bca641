#!/bin/sh
# --format=sarif validates against the SARIF 2.1.0 schema and GitHub's
# requirements; --format=github escapes as the Actions toolkit does.
. "$(dirname "$0")/lib.sh"

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || fail "python3 with jsonschema is needed (Debian: apt-get install python3-jsonschema)"

git init -q r && cd r
mkdir -p 'refs dir'
bad_entry > 'refs dir/a,b:c%.yml'
{ good_entry 1; bad_entry 2; printf -- '- id: broken\n  title: [x\n'; } > refs.yml
git add . && git commit -qm one

run_capture 1 "$BIBLINT" --format=sarif 'refs dir' refs.yml
printf '%s\n' "$OUT" > ../plain.sarif
"$py" "$SRCDIR/tests/git/validate-sarif.py" ../plain.sarif || fail "invalid SARIF"
contains "$OUT" '"uri": "refs%20dir/a,b%3Ac%25.yml"'
contains "$OUT" '"ruleId": "isbn/checksum"'
contains "$OUT" '"columnKind": "unicodeCodePoints"'
contains "$OUT" '"region": {"startLine": 24, "startColumn": 9, "endLine": 24, "endColumn": 26}'

# a finding that names another place (the first entry with the same DOI)
# carries it as a related location
printf -- '- id: x\n  title: X\n  DOI: 10.1234/abc\n- id: y\n  title: Y\n  DOI: 10.1234/abc\n' > dup.yml
run_capture 1 "$BIBLINT" --format=sarif --select=doi/duplicate dup.yml
printf '%s\n' "$OUT" > ../related.sarif
"$py" "$SRCDIR/tests/git/validate-sarif.py" ../related.sarif || fail "invalid SARIF"
contains "$OUT" '"relatedLocations": [{"id": 1, "physicalLocation": {"artifactLocation": {"uri": "dup.yml"}, "region": {"startLine": 3, "startColumn": 8}}'
rm dup.yml

# an absolute path under the current folder is made relative to it
run_capture 1 "$BIBLINT" --format=sarif "$(pwd)/refs.yml"
contains "$OUT" '"uri": "refs.yml"'
run_capture 1 "$BIBLINT" --format=github "$(pwd)/refs.yml"
contains "$OUT" "::error file=refs.yml,line=24,"

# staged mode: repository-relative paths; no findings is valid SARIF too
bad_entry 3 > refs.yml && git add refs.yml
cd 'refs dir'
rc=0
"$BIBLINT" --staged --format=sarif > ../../staged.sarif 2> ../../staged.err || rc=$?
[ "$rc" = 1 ] || fail "--staged --format=sarif exited $rc"
"$py" "$SRCDIR/tests/git/validate-sarif.py" ../../staged.sarif || fail "invalid SARIF"
contains "$(cat ../../staged.sarif)" '"uri": "refs.yml"'
contains "$(cat ../../staged.err)" "git commit --no-verify"
cd ..
git reset -q --hard
run_capture 0 "$BIBLINT" --staged --format=sarif
printf '%s\n' "$OUT" > ../empty.sarif
"$py" "$SRCDIR/tests/git/validate-sarif.py" ../empty.sarif || fail "invalid empty SARIF"

# GitHub workflow commands: properties escape % , : and the message is kept
run_capture 1 "$BIBLINT" --format=github 'refs dir/a,b:c%.yml'
contains "$OUT" "::error file=refs dir/a%2Cb%3Ac%25.yml,line=12,col=9,endLine=12,endColumn=25,title=isbn/checksum::ISBN-13"
# a finding spanning lines has no columns
run_capture 1 "$BIBLINT" --format=github --select=input refs.yml
echo ok
