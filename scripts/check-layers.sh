#!/bin/sh
# check-layers.sh [SRCDIR]: data flows down (docs/architecture.md).
#
# Every '#include "folder/file.h"' in SRCDIR (default src) must name a folder
# the including file's folder may use. A stage uses core/ and the stages
# before it; cmd/ uses every stage; no stage uses cmd/. Prints each wrong
# include as file:line and exits 1 if there is one; 0 when all are right.
src=${1:-src}
[ -d "$src" ] || { echo "check-layers: no folder '$src'" >&2; exit 2; }

allowed() {
	case "$1" in
	core)      echo "core" ;;
	interview) echo "core evidence interview" ;;
	evidence)  echo "core evidence" ;;
	score)     echo "core interview evidence score" ;;
	sample)    echo "core sample" ;;
	findings)  echo "core evidence score sample findings" ;;
	cmd)       echo "core interview evidence score sample findings cmd" ;;
	main)      echo "core cmd" ;;
	*)         echo "" ;;
	esac
}

bad=0 n=0
for f in $(find "$src" -name '*.[ch]' | sort); do
	rel=${f#"$src"/}
	case "$rel" in
	*/*) folder=${rel%%/*} ;;
	*)   folder=main ;;
	esac
	ok=$(allowed "$folder")
	if [ -z "$ok" ]; then
		echo "$f: folder '$folder' is not a layer of docs/architecture.md"
		bad=1
		continue
	fi
	# line number and the quoted path of every local include
	out=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/')
	[ -n "$out" ] || continue
	while read -r line path; do
		n=$((n + 1))
		case "$path" in
		*/*) to=${path%%/*} ;;
		*)   echo "$f:$line: '$path' names no folder (write '<folder>/$path')"; bad=1; continue ;;
		esac
		case " $ok " in
		*" $to "*) ;;
		*) echo "$f:$line: $folder/ may not include $path (a $folder file uses only: $ok)"; bad=1 ;;
		esac
	done <<EOT
$out
EOT
done
[ $bad -eq 0 ] && echo "layers: $n includes, all run down the pipeline"
exit $bad
