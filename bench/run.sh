#!/bin/sh
# make bench: every bench/bench-*.sh in turn. Each prints its figures and its
# ratio against a peer measured in the same run; a benchmark never fails the
# build on time (machines are shared and noisy), only on errors.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${AUDITKIT:?set AUDITKIT to the binary}"
export AUDITKIT PYTHON=${PYTHON:-/usr/bin/python3}
for b in "$here"/bench-*.sh; do
	[ -n "${BENCH_ONLY:-}" ] && case "$(basename "$b")" in *"$BENCH_ONLY"*) ;; *) continue ;; esac
	echo "== $(basename "$b" .sh)"
	sh "$b"
done
