#!/bin/sh
# The layout's one rule (docs/architecture.md): includes run down the
# pipeline. scripts/check-layers.sh passes on the tree and fails, naming the
# file and line, on a copy with a deliberately wrong include.
. "$(dirname "$0")/lib.sh"

chk=$SRC/scripts/check-layers.sh
out=$(sh "$chk" "$SRC/src" 2>&1); rc=$?
expect_rc 0 "the tree's includes run down the pipeline"
expect_in "$out" "all run down the pipeline" "the check says what it checked"

for d in core interview evidence score sample findings cmd; do
	[ -d "$SRC/src/$d" ] && ok "src/$d exists" || not_ok "src/$d is missing"
done

# one wrong include per rule: a stage using a later stage, core using a
# stage, a stage using cmd/, an include without its folder
try_bad() { # FILE LINE DESC
	rm -rf "$TMP/src" && cp -R "$SRC/src" "$TMP/src"
	printf '%s\n' "$2" >>"$TMP/src/$1"
	out=$(sh "$chk" "$TMP/src" 2>&1); rc=$?
	expect_rc 1 "$3 fails the check"
	expect_in "$out" "$TMP/src/$1:" "$3: the file and line are named"
}
try_bad score/score.c '#include "findings/grade.h"' "score/ including findings/"
try_bad core/util.c '#include "score/notes.h"' "core/ including a stage"
try_bad findings/grade.c '#include "cmd/cmd.h"' "a stage including cmd/"
try_bad evidence/risk.c '#include "interview/bank.h"' "evidence/ including interview/"
try_bad sample/rng_extra.h '#include "util.h"' "an include without its folder"
