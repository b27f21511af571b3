#!/bin/sh
# t63-sample-docs: every "$ auditkit ..." example in docs/sampling.md, run in
# tests/fixtures/sample, must print exactly the lines shown under it (the
# version in created_by aside), so the guide cannot drift from the program.
. "$(dirname "$0")/lib.sh"
S=$FIX/sample
DOC=$SRC/docs/sampling.md
norm() { tr -d '\r' | sed 's/\(created_by.*auditkit \)[0-9][^"]*/\1VERSION/'; }

# Split the console blocks into cmd.N and want.N files.
awk -v dir="$TMP" '
	/^```console$/ { inblock = 1; next }
	/^```$/ { inblock = 0; next }
	inblock && /^\$ / { n++; f = dir "/want." n; print substr($0, 3) > (dir "/cmd." n); printf "" > f; next }
	inblock && n { print >> f }
	END { print n > (dir "/count") }
' "$DOC"
count=$(cat "$TMP/count")
[ "${count:-0}" -ge 8 ] && ok "docs: $count examples found" || not_ok "docs: only ${count:-0} examples found"
i=1
while [ "$i" -le "${count:-0}" ]; do
	cmd=$(cat "$TMP/cmd.$i")
	case $cmd in
	"auditkit "*) ;;
	*) not_ok "docs example $i is not an auditkit command: $cmd"; i=$((i + 1)); continue ;;
	esac
	(cd "$S" && eval "\"\$AUDITKIT\" ${cmd#auditkit }") 2>"$TMP/err" | norm >"$TMP/got.$i"
	norm <"$TMP/want.$i" >"$TMP/want.n.$i"
	expect_file_same "$TMP/got.$i" "$TMP/want.n.$i" "docs example: $cmd"
	i=$((i + 1))
done
