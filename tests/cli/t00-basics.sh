#!/bin/sh
# The binary's contract: version, help for every command, exit codes in one
# place and the same in the man page.
. "$(dirname "$0")/lib.sh"

run --version
expect_rc 0 "--version"
expect_in "$out" "auditkit 0." "the version is printed"
run --help
expect_rc 0 "--help"
cmds=$(printf '%s\n' "$out" | sed -n 's/^  \([a-z]*\)  .*/\1/p')
[ "$(echo $cmds | wc -w)" -ge 7 ] && ok "help lists the commands ($(echo $cmds))" || not_ok "help lists few commands: $cmds"
for c in $cmds; do
	run "$c" --help
	expect_rc 0 "$c --help exits 0"
	expect_in "$out" "usage: auditkit $c" "$c --help shows its usage"
	grep -q "^\.B.* $c\|^\.BI \"$c \|^\.B $c" "$SRC/docs/auditkit.1" && ok "$c is in the man page" || not_ok "$c is not in the man page"
done
run
expect_rc 2 "no command is a usage error"
run frobnicate
expect_rc 2 "an unknown command is a usage error"
expect_in "$err" "'frobnicate' is not an auditkit command" "the unknown command is named"
run interview --no-such-option
expect_rc 2 "an unknown option is a usage error"

# The exit codes of --help, the man page and src/core/err.h agree.
help_codes=$("$AUDITKIT" --help | tr '\n' ' ' | sed -n 's/.*exit codes: \(.*\)$/\1/p')
for pair in "0 success" "1 internal error" "2 usage" "3 bad input data" "4 source or network failure" "5 cannot write output"; do
	code=${pair%% *}
	expect_in "$help_codes" "$pair" "--help gives exit $code"
	sed -n '/^\.SH EXIT STATUS/,/^\.SH ENVIRONMENT/p' "$SRC/docs/auditkit.1" | grep -q "^\.B $code$" && ok "the man page gives exit $code" || not_ok "the man page lacks exit $code"
	grep -q "AK_EXIT_[A-Z]* = $code," "$SRC/src/core/err.h" && ok "err.h defines exit $code" || not_ok "err.h lacks exit $code"
done

# The man page renders (tables and all) without a warning from groff.
if command -v groff >/dev/null; then
	groff -man -t -ww -Tutf8 "$SRC/docs/auditkit.1" >/dev/null 2>"$TMP/groff.err"
	expect_eq "$(cat "$TMP/groff.err")" "" "the man page renders without a warning"
fi
