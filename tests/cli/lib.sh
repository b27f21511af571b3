# lib.sh: helpers for command tests. Each check appends "ok" or "not ok" to
# $AK_RESULTS and, when it fails, prints what was expected and what came.
: "${AUDITKIT:?}" "${AK_RESULTS:?}"
SRC=${AK_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FIX=$SRC/tests/fixtures
TMP=$(mktemp -d "${TMPDIR:-/tmp}/auditkit-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
_name=$(basename "$0" .sh)

ok() { echo "ok $_name: $1" >>"$AK_RESULTS"; }
not_ok() { echo "not ok $_name: $1" >>"$AK_RESULTS"; echo "FAIL $_name: $1" >&2; }

# run CMD...: runs auditkit with the given arguments; sets $rc, $out, $err.
run() {
	"$AUDITKIT" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# expect_rc N DESC
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok "$2"; else
		not_ok "$2 (exit $rc, expected $1)"; head -20 "$TMP/err" | sed "s/^/    stderr: /" >&2
	fi
}
# expect_in HAYSTACK NEEDLE DESC   (fixed string)
expect_in() {
	if printf '%s' "$1" | grep -qF -- "$2"; then ok "$3"; else
		not_ok "$3: '$2' not found"; printf '%s\n' "$1" | head -20 | sed 's/^/    got: /' >&2
	fi
}
expect_not_in() {
	if printf '%s' "$1" | grep -qF -- "$2"; then not_ok "$3: '$2' found"; else ok "$3"; fi
}
# expect_eq GOT WANT DESC
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3: got '$1', expected '$2'"; fi
}
# expect_file_same A B DESC: byte-identical files
expect_file_same() {
	if cmp -s "$1" "$2"; then ok "$3"; else not_ok "$3"; diff "$1" "$2" | head -20 >&2; fi
}
# relay FILE PREFIX: a helper program's "ok DESC" / "not ok DESC" lines as
# this test's checks, each named "PREFIX: DESC"; other lines go to stderr.
relay() {
	while IFS= read -r _line; do
		case "$_line" in
		"ok "*) ok "$2: ${_line#ok }" ;;
		"not ok "*) not_ok "$2: ${_line#not ok }" ;;
		*) echo "    $_line" >&2 ;;
		esac
	done <"$1"
}
