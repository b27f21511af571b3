#!/bin/sh
# The README's five-minute tour runs as written (in a copy of the tree, with
# the binary under test first on PATH).
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/tree" "$TMP/bin"
cp -R "$SRC/samples" "$SRC/question-banks" "$SRC/rules" "$TMP/tree/"
ln -s "$AUDITKIT" "$TMP/bin/auditkit"
sed -n '/^## A five-minute tour/,/^## /p' "$SRC/README.md" | sed -n '/^```sh$/,/^```$/p' |
	grep -v '^```' | grep -v '^make\b' | grep -v '^export PATH' >"$TMP/tour.sh"
n=$(grep -c '^auditkit ' "$TMP/tour.sh")
[ "$n" -ge 10 ] && ok "the tour has $n commands" || not_ok "the tour has only $n commands"
(cd "$TMP/tree" && PATH="$TMP/bin:$PATH" AUDITKIT_BANKS= sh -e "$TMP/tour.sh" >"$TMP/tour.out" 2>&1)
rc=$?
expect_eq "$rc" "0" "every command of the tour succeeds"
[ "$rc" = 0 ] || tail -5 "$TMP/tour.out" >&2
for f in ceo.md cfo.html cfo-2026.json scored/keller-ceo.scored.json evidence/manifest.json findings.xlsx plan.json; do
	[ -s "$TMP/tree/out/tour/$f" ] && ok "the tour wrote out/tour/$f" || not_ok "the tour did not write out/tour/$f"
done
# Nothing else: a reader who runs the tour in a clone leaves only out/,
# which .gitignore ignores.
stray=$(cd "$TMP/tree" && find . -path ./samples -prune -o -path ./question-banks -prune \
	-o -path ./rules -prune -o -path ./out/tour -prune -o -path ./out -o -path . -o -print)
expect_eq "$stray" "" "the tour writes nothing outside out/tour/"
grep -qx '/out/' "$SRC/.gitignore" && ok "out/ is ignored by git" || not_ok "out/ is not in .gitignore"
expect_not_in "$(cat "$TMP/tour.out")" "is deprecated" "the tour uses no deprecated spelling"
