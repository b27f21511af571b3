#!/bin/sh
# t02-install: `make install DESTDIR=... PREFIX=...` puts each thing where it
# is looked for (the banks and rules beside the binary's share/, the man
# page, the documents under share/doc/auditkit, bash's and zsh's completion
# folders), the installed man page names paths that exist, the installed
# binary and completion work from there, and `make uninstall` takes it all
# away again.
. "$(dirname "$0")/lib.sh"
D=$TMP/dest
P=/opt/auditkit-test # a PREFIX with a '-', which the man page escapes

# The binary under test is the one installed: its build folder.
bin=${AK_VG_BIN:-$AUDITKIT}
build=$(cd "$(dirname "$bin")" && pwd)
make -C "$SRC" --no-print-directory -s install BUILD="$build" DESTDIR="$D" PREFIX="$P" \
	>"$TMP/install.out" 2>&1
rc=$?
expect_eq "$rc" "0" "make install DESTDIR PREFIX"
[ "$rc" = 0 ] || tail -5 "$TMP/install.out" >&2
R=$D$P

[ -x "$R/bin/auditkit" ] && ok "bin/auditkit" || not_ok "no $P/bin/auditkit"
for f in share/man/man1/auditkit.1 share/auditkit/question-banks/iso27001-2022/bank.json \
	share/auditkit/rules/default.json share/doc/auditkit/README.md \
	share/bash-completion/completions/auditkit share/zsh/site-functions/_auditkit; do
	[ -s "$R/$f" ] && ok "$f" || not_ok "no $P/$f"
done
missing=""
for f in "$SRC"/docs/*.md; do
	[ -s "$R/share/doc/auditkit/docs/$(basename "$f")" ] || missing="$missing $(basename "$f")"
done
expect_eq "$missing" "" "every document under share/doc/auditkit/docs"
expect_eq "$(find "$D" -type f | grep -v "^$R/" | head -3)" "" "nothing outside DESTDIR/PREFIX"

# The man page names the installed paths, and each exists.
man=$R/share/man/man1/auditkit.1
paths=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man" | grep -o "$P/[A-Za-z0-9_./-]*" | sed 's/[.,;:]*$//' | sort -u)
[ "$(echo "$paths" | wc -l)" -ge 15 ] && ok "the man page names $(echo "$paths" | wc -l | tr -d ' ') installed paths" ||
	not_ok "the man page names few installed paths: $paths"
bad=""
for p in $paths; do [ -e "$D$p" ] || bad="$bad $p"; done
expect_eq "$bad" "" "every path the installed man page names is installed"
expect_eq "$(grep -c '/usr/local' "$man")" "0" "no default PREFIX left in the installed man page"
expect_eq "$(sed 's/\\-/-/g' "$man" | grep -o '[ (]docs/[a-z-]*\.md' | head -3)" "" \
	"no path into the source tree left in the man page"
if command -v groff >/dev/null; then
	groff -man -t -ww -Tutf8 "$man" >/dev/null 2>"$TMP/groff.err"
	expect_eq "$(cat "$TMP/groff.err")" "" "the installed man page renders without a warning"
fi
# The documents' own links still resolve where they are installed.
bad=""
for f in "$R/share/doc/auditkit/README.md" "$R"/share/doc/auditkit/docs/*.md; do
	for l in $(grep -o '](\([a-z-]*/\)\?[a-z-]*\.md)' "$f" | sed 's/^](//; s/)$//'); do
		[ -e "$(dirname "$f")/$l" ] || bad="$bad $(basename "$f"):$l"
	done
done
expect_eq "$bad" "" "the installed documents' links resolve"

# The installed binary finds the installed banks and rules (beside it,
# through ../share/auditkit), not the source tree's.
run_inst() { AUDITKIT_BANKS= AUDITKIT_RULES= "$R/bin/auditkit" "$@"; }
run_inst interview --role ceo -v -o "$TMP/s.md" 2>"$TMP/inst.err"
expect_in "$(cat "$TMP/inst.err")" "'$R/bin/../share/auditkit/question-banks/iso27001-2022" \
	"the installed auditkit reads the installed bank"
run_inst banks list >"$TMP/list.out" 2>&1
expect_in "$(cat "$TMP/list.out")" "iso27001-2022" "the installed auditkit lists the installed banks"

# The installed bash completion, with the installed auditkit on PATH.
got=$(PATH="$R/bin:$PATH" bash --norc --noprofile -c '
	. "$1"; COMP_WORDS=(auditkit sc); COMP_CWORD=1; _auditkit; echo "${COMPREPLY[*]}"' \
	sh "$R/share/bash-completion/completions/auditkit")
expect_eq "$got" "score" "the installed bash completion completes auditkit sc<TAB>"

# uninstall takes away all of it, and nothing else
mkdir -p "$R/share/doc/other" && : >"$R/share/doc/other/keep"
make -C "$SRC" --no-print-directory -s uninstall DESTDIR="$D" PREFIX="$P" >"$TMP/uninstall.out" 2>&1
expect_eq "$?" "0" "make uninstall"
expect_eq "$(cd "$D" && find . -type f | sort)" "./opt/auditkit-test/share/doc/other/keep" \
	"make uninstall removes every file it installed, and only those"
