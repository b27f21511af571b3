#!/bin/sh
# t02-options: one meaning per option, and the man page says which.
#
# The option table of docs/auditkit.1 (OPTIONS: the options, and the old
# spellings kept for this release) is held to each command's own parser:
# `auditkit CMD --list-options` prints the longopts[] and short options that
# getopt_long is handed, so an option added, renamed or dropped in a parser
# and not in the table (or the other way round) fails here. Each command's
# --help is held to the same list, and each old spelling still works and
# warns once.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
MAN=$SRC/docs/auditkit.1
S=$SRC/samples

# ---- the commands -------------------------------------------------------------

run --list-commands
expect_rc 0 "--list-commands"
top=$(printf '%s\n' "$out" | grep -v '^help$')
helped=$("$AUDITKIT" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p')
expect_eq "$(echo $top)" "$(echo $helped)" "--list-commands names the commands --help lists"
leaves=""
for c in $top; do
	subs=$("$AUDITKIT" "$c" --list-commands 2>/dev/null)
	if [ -n "$subs" ]; then
		for s in $subs; do leaves="$leaves $c:$s"; done
		expect_eq "$("$AUDITKIT" "$c" --list-options)" "-h --help" "$c itself takes only --help"
	else
		leaves="$leaves $c"
	fi
done
printf '%s\n' $leaves | tr ':' ' ' >"$TMP/leaves"
[ "$(wc -l <"$TMP/leaves")" -ge 12 ] && ok "$(wc -l <"$TMP/leaves" | tr -d ' ') commands and subcommands" ||
	not_ok "few commands: $leaves"

# ---- the table against the parsers ------------------------------------------------

# Each command's options as its parser takes them, one "COMMAND<TAB>OPTION"
# per line ("sample draw	-s --seed="; "fetch	deprecated --out= --output").
while read -r c s; do
	"$AUDITKIT" $c $s --list-options | cut -f1 | sed "s/^/$c${s:+ $s}	/"
done <"$TMP/leaves" | sort >"$TMP/parsers"
[ -s "$TMP/parsers" ] && ok "every command lists its options" || not_ok "no --list-options output"

# The same from the man page's two tables.
"$PY" - "$MAN" "$TMP/leaves" "$TMP/every" "$TMP/dups" >"$TMP/man" <<'PY' || not_ok "the man page's tables cannot be read"
import re, sys
text = open(sys.argv[1]).read()
leaves = [l.strip() for l in open(sys.argv[2]) if l.strip()]

def plain(s):
    s = re.sub(r'\\f[BIRP]', '', s)
    return s.replace('\\-', '-').replace('\\(aq', "'").replace('\\:', '').strip()

def tables(section):
    body = text.split('.SH OPTIONS', 1)[1].split('\n.SH ', 1)[0]
    return re.findall(r'\n\.TS\n(.*?)\n\.TE', body, re.S)

def rows(table):
    lines = table.split('\n')
    lines = lines[lines.index(next(l for l in lines if l.endswith('.'))) + 1:]
    cells, cur, block = [], [], False
    for line in lines:
        if block:
            if line.startswith('T}'):
                block = False
                cells.append(' '.join(cur))
                cur = []
                line = line[2:]
                if not line.startswith('@'):
                    yield cells
                    cells = []
                    continue
                line = line[1:]
            else:
                cur.append(line)
                continue
        if line.startswith('.') or line in ('_', '='):
            continue
        parts = line.split('@')
        for i, p in enumerate(parts):
            if p == 'T{' and i == len(parts) - 1:
                block = True
            else:
                cells.append(p)
        if not block:
            yield cells
            cells = []

def spelling(cell):
    words = plain(cell).replace(',', ' ').split()
    opts = [w for w in words if w.startswith('-')]
    shorts = [o for o in opts if not o.startswith('--')]
    longs = [o for o in opts if o.startswith('--')]
    value = any(not w.startswith('-') for w in words)
    return ' '.join(shorts + longs) + ('=' if value else '')

def commands(cell):
    cell = plain(cell)
    if cell == 'every command':
        return leaves
    return [c.strip() for c in cell.split(',')]

# "Every command" is every command and subcommand: init, ... and sample evaluate.
intro = plain(re.sub(r'\n\.B[RI]? ?', ' ', text.split('.SH OPTIONS', 1)[1].split('.TS', 1)[0]))
every = intro.replace('"', '').split('every command and subcommand:', 1)[1].split('.PP')[0]
every = re.sub(r'\s+', ' ', every).strip().rstrip('.').replace(' and ', ', ')
with open(sys.argv[3], 'w') as f:
    f.write('\n'.join(sorted(c.strip() for c in every.split(','))) + '\n')

current, old = tables('OPTIONS')[:2]
header = True
seen = {}
for r in rows(current):
    if header:
        header = False
        continue
    for w in spelling(r[0]).rstrip('=').split():
        seen[w] = seen.get(w, 0) + 1
    for c in commands(r[0 + 1]):
        print('%s\t%s' % (c, spelling(r[0])))
with open(sys.argv[4], 'w') as f:
    f.write(''.join('%s\n' % w for w, n in sorted(seen.items()) if n > 1))
header = True
for r in rows(old):
    if header:
        header = False
        continue
    now = plain(r[2]).split()[0]
    for c in commands(r[1]):
        print('%s\tdeprecated %s %s' % (c, spelling(r[0]), now))
PY
sort -o "$TMP/man" "$TMP/man"
[ "$(wc -l <"$TMP/man")" -ge 100 ] && ok "the man page's tables give $(wc -l <"$TMP/man" | tr -d ' ') command options" ||
	not_ok "the man page's tables give only $(wc -l <"$TMP/man") command options"
missing=$(comm -23 "$TMP/parsers" "$TMP/man")
extra=$(comm -13 "$TMP/parsers" "$TMP/man")
expect_eq "$missing" "" "every option a parser takes is in the man page's table"
expect_eq "$extra" "" "every option of the man page's table is taken by its commands"
[ -n "$missing$extra" ] && echo "    (each line: command, then the option as --list-options prints it)" >&2

expect_eq "$(cat "$TMP/every")" "$(sort "$TMP/leaves")" "the man page's 'every command' is every command and subcommand"
# One meaning per option: a current spelling has one row (but -f, which is
# also draw's plan format, its long form to come).
expect_eq "$(grep -vx -- -f "$TMP/dups")" "" "each current spelling has one row, one meaning"

# ---- --help against the parsers -----------------------------------------------------

while read -r c s; do
	name="$c${s:+ $s}"
	help=$("$AUDITKIT" $c $s --help)
	expect_eq "$(printf '%s\n' "$help" | head -1 | cut -c1-$((16 + ${#name})))" "usage: auditkit $name" "$name --help is its own"
	expect_eq "$("$AUDITKIT" help $c $s)" "$help" "auditkit help $name prints $name --help"
	bad=""
	for o in $(grep "^$name	" "$TMP/parsers" | grep -v '	deprecated ' | cut -f2 | tr ' ' '\n' | sed 's/=$//'); do
		printf '%s\n' "$help" | grep -q -- "$o\([^a-z-]\|$\)" || bad="$bad $o"
	done
	expect_eq "$bad" "" "$name --help shows each of its options"
	known=$(grep "^$name	" "$TMP/parsers" | cut -f2 | tr ' ' '\n' | grep '^--' | sed 's/=$//')
	bad=""
	for o in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		printf '%s\n' $known | grep -qx -- "$o" || bad="$bad $o"
	done
	expect_eq "$bad" "" "$name --help names no option its parser refuses"
	bad=""
	for o in $(grep "^$name	deprecated " "$TMP/parsers" | cut -f2 | cut -d' ' -f2 | sed 's/=$//'); do
		grep -q "^$name	\(-. \)\?$o=\?$" "$TMP/parsers" && continue # still current: interview --audit
		printf '%s\n' "$help" | grep -q -- "\(^\|[ ,]\)$o\([ ,=]\|$\)" && bad="$bad $o"
	done
	expect_eq "$bad" "" "$name --help shows no old spelling"
	"$AUDITKIT" $c $s --help | grep -q '.\{81\}' && not_ok "$name --help has a line over 80 columns" ||
		ok "$name --help fits 80 columns"
done <"$TMP/leaves"
run sample draw --help
expect_not_in "$out" "--sites" "sample draw --help does not show sample size's options"
run sample --help
expect_in "$out" "auditkit sample SUBCOMMAND --help" "sample --help points at each subcommand's help"
run help
expect_rc 0 "auditkit help"
expect_in "$out" "usage: auditkit COMMAND" "auditkit help is auditkit --help"

# ---- mistakes: one line, the nearest name, and --help ------------------------------

# mistake DESC WANT ARGS...: exit 2, one line on standard error holding WANT
mistake() {
	desc=$1 want=$2
	shift 2
	run "$@"
	expect_rc 2 "$desc: exit 2"
	expect_in "$err" "$want" "$desc: says so"
	expect_eq "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "1" "$desc: on one line"
}
mistake "a misspelt command" "'intervew' is not an auditkit command (did you mean 'interview'?); try 'auditkit --help'" intervew
mistake "a command's beginning" "(did you mean 'score'?)" sc
mistake "an unknown command" "'frobnicate' is not an auditkit command; try 'auditkit --help'" frobnicate
mistake "a misspelt option" "unknown option '--rloe' (did you mean '--role'?); try 'auditkit interview --help'" interview --rloe ceo
mistake "a misspelt option with its value" "unknown option '--frmat' (did you mean '--format'?)" score --frmat=md x.md
mistake "an unknown short option" "unknown option '-x'; try 'auditkit findings --help'" findings -x
mistake "a misspelt subcommand" "'drw' is not a subcommand of 'sample' (did you mean 'draw'?); try 'auditkit sample --help'" sample drw
mistake "a subcommand's option" "unknown option '--sites'; try 'auditkit sample draw --help'" sample draw --sites 3 x.csv
mistake "a missing subcommand" "name a subcommand: list, show or validate; try 'auditkit banks --help'" banks
mistake "a beginning of several options" "'--aud' could be '--audit-type', '--audit', '--audience' or '--auditor'" interview --aud x
mistake "a value missing" "'--role' needs a value; try 'auditkit interview --help'" interview --role
mistake "a value not wanted" "'--quiet' takes no value" fetch --quiet=yes
mistake "help for no such command" "'interviw' is not an auditkit command (did you mean 'interview'?)" help interviw
mistake "a bad value" "--format must be md, html, json or page, not 'pdf'; try 'auditkit interview --help'" interview -f pdf
run interview --rol ceo -f json
expect_rc 0 "a long option may be shortened while no other shares the beginning"

# ---- the old spellings: still work, one warning each, naming the new one -----------

# old DESC OLD NOW ARGS...: exit 0, and exactly one warning naming both
old() {
	desc=$1 o=$2 n=$3
	shift 3
	run "$@"
	expect_rc 0 "$desc still works"
	expect_eq "$(printf '%s\n' "$err" | grep -c "warning: '$o' is deprecated: use '$n'")" "1" \
		"$desc: one warning naming '$n'"
}
cd "$TMP" || exit 1
old "interview --audit TYPE" --audit --audit-type interview --role ceo --audit surveillance -f json -o a1.json
expect_eq "$("$PY" -c 'import json; print(json.load(open("a1.json"))["audit"])')" "surveillance" \
	"interview --audit TYPE is still the audit type"
old "interview -a" -a --audit-type interview -a internal -f json
old "interview -m" -m --minutes interview -m 30 -m 30
old "score --audit" --audit --audit-type score "$S/notes/keller-ceo.md" --facts "$S/facts.json" --audit stage1 -o sc.json
expect_eq "$("$PY" -c 'import json; print(json.load(open("sc.json"))["audit"])')" "stage1" "score --audit is still the audit type"
old "score -a" -a --audit-type score "$S/notes/keller-ceo.md" --facts "$S/facts.json" -a stage1 -o sc2.json
old "sample size --audit" --audit --audit-type sample size --sites 9 --audit surveillance
expect_in "$out" "sites to visit: 2 of 9" "sample size --audit is still the audit type"
old "sample size -c" -c --confidence sample size -c 90%
expect_in "$out" "confidence: 90%" "sample size -c is still the confidence"
old "sample evaluate -c" -c --confidence sample evaluate -n 59 -d 0 -c 90%
old "sample size --output-format" --output-format --format sample size --output-format json
expect_in "$out" '"size": 59' "sample size --output-format json still gives JSON"
old "sample evaluate --output-format" --output-format --format sample evaluate -n 59 -d 0 --output-format json
old "sample draw --format" --format --input-format sample draw "$S/risks.csv" --id "Risk ID" -n 2 --seed 1 --format csv
expect_in "$err" "in the next release '--format' will be the plan's format" "sample draw --format: the change to come is said"
old "sample draw --plan-format" --plan-format -f sample draw "$S/risks.csv" --id "Risk ID" -n 2 --seed 1 --plan-format csv
expect_in "$out" '# format: "auditkit-sampling-plan/1"' "--plan-format csv still gives a CSV plan"
old "sample interviewees --plan-format" --plan-format -f sample interviewees "$FIX/sample/staff.csv" --seed 1 --plan-format csv
old "fetch --out" --out --output fetch --risks "$S/risks.csv" --out ev1
[ -s ev1/manifest.json ] && ok "fetch --out still names the snapshot" || not_ok "fetch --out wrote no snapshot"
printf 'clause,grade,statement,auditor,evidence\r\n5.1,minor,A statement of the duty,J. Osei,a record seen\r\n' >m.csv
old "findings -m" -m --manual findings -m m.csv --date 2026-11-19 -o f1.csv
old "findings -r" -r --rules findings --manual m.csv -r "$SRC/rules/default.json" --date 2026-11-19 -o f2.csv
expect_file_same f1.csv f2.csv "findings -m and -r still mean --manual and --rules"
old "banks show --clause" --clause --clauses banks show iso27001-2022 --clause "5.1 c"
expect_in "$out" "[5.1 c]" "banks show --clause still filters"
run interview --audit stage2 -q -f json
expect_eq "$err" "" "-q silences the deprecation warning too"
# every old spelling of the table is tried above
tried="--audit -a -m -c --output-format --format --plan-format --out --clause -r"
for o in $(grep '	deprecated ' "$TMP/parsers" | cut -f2 | cut -d' ' -f2 | sed 's/=$//' | sort -u); do
	case " $tried " in *" $o "*) ;; *) not_ok "the old spelling $o is not tried here" ;; esac
done
ok "every old spelling is tried"
