#!/bin/sh
# t92-full-disk: every command that writes, past a file-size limit (ulimit -f)
# and on a full disk (a 64 KiB tmpfs, when this machine lets us mount one:
# as root, outside most containers; skipped otherwise). Each must exit 5,
# name the output, and leave nothing behind: no output, no temporary file or
# folder, and an earlier output or snapshot as it was.
. "$(dirname "$0")/lib.sh"
MNT=""
trap '[ -n "$MNT" ] && umount "$MNT" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
S=$SRC/samples
F=$FIX/findings
SC="$F/keller-ceo.scored.json $F/okafor-cfo.scored.json $F/lindqvist-coo.scored.json"

# Inputs big enough not to fit: a 60,000-row population.
"${PYTHON:-python3}" -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,dept,amount\n")
    f.writelines("CHG-%06d,D%d,%d.00\n" % (i, i % 7, i % 900 + 1) for i in range(60000))' "$TMP/pop.csv"

# full NAME DIR ULIMIT_KB ARGS...: auditkit ARGS (with @ standing for DIR)
# under ulimit -f ULIMIT_KB (or none when 0); expects exit 5, the output
# named, and DIR holding only what it held before.
full() {
	name=$1 dir=$2 lim=$3
	shift 3
	before=$(cd "$dir" && find . | sort; cat ./keep 2>/dev/null)
	args=""
	for a in "$@"; do args="$args '$(printf '%s' "$a" | sed "s|@|$dir|g")'"; done
	(
		[ "$lim" -gt 0 ] && ulimit -f "$lim"
		eval "\"\$AUDITKIT\" $args"
	) >"$TMP/out" 2>"$TMP/err"
	rc=$?
	err=$(cat "$TMP/err")
	expect_rc 5 "$name: exit 5"
	expect_in "$err" "cannot" "$name: says it cannot write"
	expect_in "$err" "$dir" "$name: names the output"
	expect_eq "$(cd "$dir" && find . | sort; cat ./keep 2>/dev/null)" "$before" "$name: nothing left behind"
}

# writers DIR ULIMIT_KB LABEL: every command, into DIR
writers() {
	d=$1 lim=$2 how=$3
	full "interview ($how)" "$d" "$lim" interview -r ceo -m 60 --facts "$S/facts.json" -o @/script.md
	full "interview over an earlier script ($how)" "$d" "$lim" interview -r ceo -m 60 --facts "$S/facts.json" -o @/keep
	full "score ($how)" "$d" "$lim" score "$S/notes/keller-ceo.md" --facts "$S/facts.json" -o @/s.json
	# several into a folder: written and closed, then synced and renamed
	# together; none fits, so none lands and the folder made goes too
	full "score, several ($how)" "$d" "$lim" score "$S/notes/keller-ceo.md" "$S/notes/okafor-cfo.md" \
		--facts "$S/facts.json" -o @/scored
	# shellcheck disable=SC2086
	full "findings workbook ($how)" "$d" "$lim" findings $SC -o @/f.xlsx
	# shellcheck disable=SC2086
	full "findings CSV ($how)" "$d" "$lim" findings $SC -o @/f.csv
	full "sample draw ($how)" "$d" "$lim" sample draw "$TMP/pop.csv" -n 20000 --seed 1 -o @/plan.json
	full "fetch ($how)" "$d" "$lim" fetch --policy "$S/policy.md" --risks "$TMP/pop.csv" --risks-format csv \
		--output @/ev
}

mkdir "$TMP/lim"
echo "an earlier output" >"$TMP/lim/keep"
writers "$TMP/lim" 8 "ulimit -f 8"
# init writes two small files: a 1 KiB limit; the folder it made goes too
full "init (ulimit -f 1)" "$TMP/lim" 1 init @/audit

# A real full disk.
mkdir "$TMP/mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$TMP/mnt" 2>/dev/null; then
	MNT=$TMP/mnt
	echo "an earlier output" >"$MNT/keep"
	head -c 48k /dev/zero >"$MNT/filler" # 16 KiB left
	writers "$MNT" 0 "64 KiB tmpfs"
	umount "$MNT" && MNT=""
else
	ok "a full tmpfs skipped: cannot mount one here"
fi
