#!/bin/sh
# The first commit is compared with the empty tree; non-bibliographies pass.
. "$(dirname "$0")/lib.sh"

new_repo r && cd r
mkdir -p .github/workflows
printf 'name: ci\non: [push]\njobs:\n  b:\n    runs-on: ubuntu-latest\n' \
	> .github/workflows/ci.yml
printf '{"name": "x", "version": "1.0.0"}\n' > package.json
printf '# Title\n\nSome prose.\n' > README.md
bad_entry > refs.yml
git add .
run_capture 1 git commit -m first
contains "$OUT" "refs.yml:12:9"
lacks "$OUT" "ci.yml"
lacks "$OUT" "package.json"
lacks "$OUT" "README.md"
git rev-parse -q --verify HEAD >/dev/null && fail "a commit was made"

good_entry > refs.yml
git add refs.yml
run_capture 0 git commit -qm first
[ "$(git rev-list --count HEAD)" = 1 ] || fail "no commit"

# Markdown whose front matter holds references
{ printf -- '---\ntitle: An article\nreferences:\n'; bad_entry | sed 's/^/  /';
  printf -- '---\n\nText [@knuth1984].\n'; } > article.md
git add article.md
run_capture 1 git commit -m article
contains "$OUT" "article.md:"
contains "$OUT" "[isbn/checksum]"
echo ok
