#!/bin/sh
# tests/fuzz/ci.sh: the short fuzz pass CI runs (docs/fuzzing.md).
#
# Builds every libFuzzer harness (make fuzz-build, clang), then for each one
# runs its committed corpus and crash reproducers (tests/fuzz/corpus/NAME,
# tests/fuzz/regress/NAME) and fuzzes for FUZZ_CI_SECONDS more (default 4:
# about a minute for all of them together). Any crash, leak, timeout or
# sanitizer report fails the pass, naming the harness and the input. The
# committed corpora are read, never written: what the fuzzer finds goes to
# a scratch folder.
set -eu
cd "$(dirname "$0")/../.."

secs=${FUZZ_CI_SECONDS:-4}
fuzz_build=${FUZZ_BUILD:-build-fuzz}
make --no-print-directory FUZZ_BUILD="$fuzz_build" fuzz-build

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ak-fuzz-ci.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
failed=""
for src in tests/fuzz/fuzz_*.c; do
	name=${src#tests/fuzz/fuzz_}
	name=${name%.c}
	mkdir -p "$scratch/$name/new" "$scratch/$name/artifacts"
	set -- "$scratch/$name/new" "tests/fuzz/corpus/$name"
	[ -d "tests/fuzz/regress/$name" ] && set -- "$@" "tests/fuzz/regress/$name"
	dict=
	[ -f "tests/fuzz/dict/$name.dict" ] && dict="-dict=tests/fuzz/dict/$name.dict"
	log="$scratch/$name/log"
	if AK_SRCDIR="$PWD" "$fuzz_build/fuzz_$name" -rss_limit_mb=2048 -timeout=10 $dict \
		-max_total_time="$secs" -artifact_prefix="$scratch/$name/artifacts/" "$@" >"$log" 2>&1; then
		printf '  fuzz_%-14s ok   %s\n' "$name" "$(grep -a '^#[0-9]' "$log" | tail -1)"
	else
		echo "FAIL fuzz_$name: crash, leak, timeout or sanitizer report"
		grep -a -A40 -E '==ERROR|runtime error|ALARM|deadly signal|out-of-memory|LeakSanitizer' "$log" |
			head -80
		for a in "$scratch/$name/artifacts"/*; do
			[ -f "$a" ] || continue
			echo "reproducer $(basename "$a") (base64):"
			base64 "$a" | head -40
		done
		failed="$failed $name"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed"
	exit 1
fi
echo "fuzz: all harnesses passed"
