#!/bin/sh
# t02-completion: completion/auditkit.bash in a real bash, and
# completion/_auditkit in a real zsh: what they offer, and that it is what
# each command's parser takes (they read it from the binary's
# --list-commands and --list-options, so they cannot drift from it).
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
BASH_COMP=$SRC/completion/auditkit.bash
ZSH_COMP=$SRC/completion/_auditkit
mkdir "$TMP/bin"
ln -s "$AUDITKIT" "$TMP/bin/auditkit"

# complete WORD...: what _auditkit offers for the last word, one per line,
# sorted, from a bash with nothing but the completion sourced; the command
# line is given as bash splits it (COMP_WORDBREAKS cuts "--role=c" into
# "--role" "=" "c").
complete_() {
	PATH="$TMP/bin:$PATH" bash --norc --noprofile -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMPREPLY=()
		_auditkit
		printf "%s\n" "${COMPREPLY[@]}" | sort' sh "$BASH_COMP" "$@"
}

expect_eq "$(PATH="$TMP/bin:$PATH" bash --norc --noprofile -c '. "$1"; complete -p auditkit' sh "$BASH_COMP")" \
	"complete -F _auditkit auditkit" "complete -p auditkit after sourcing"
expect_eq "$(complete_ auditkit sc)" "score" "auditkit sc<TAB> is score"
expect_eq "$(complete_ auditkit s | tr '\n' ' ')" "sample score " "auditkit s<TAB> offers sample and score"
expect_eq "$(complete_ auditkit "" | tr '\n' ' ')" \
	"$(printf '%s\n' $("$AUDITKIT" --list-commands) --help --version | sort | tr '\n' ' ')" "every command, from --list-commands"
expect_eq "$(complete_ auditkit sample d)" "draw" "a subcommand"
expect_eq "$(complete_ auditkit help sa)" "sample" "help's command"
expect_eq "$(complete_ auditkit help sample ev)" "evaluate" "help's subcommand"
expect_eq "$(complete_ auditkit interview --audit-t)" "--audit-type" "an option: --audit-t<TAB>"
expect_eq "$(complete_ auditkit sample draw pop.csv --in | tr '\n' ' ')" "--include --input-format " "a subcommand's options"
expect_eq "$(complete_ auditkit fetch --ou)" "--output" "an old spelling is not offered (--out)"
expect_eq "$(complete_ auditkit interview --role c | tr '\n' ' ')" "ceo cfo cio ciso coo " "an option's values"
expect_eq "$(complete_ auditkit interview --role = c | tr '\n' ' ')" "ceo cfo cio ciso coo " "a value after '='"
expect_eq "$(complete_ auditkit sample draw x.csv -m s | tr '\n' ' ')" "stratified systematic " "a short option's values"
expect_eq "$(complete_ auditkit sample size --method h)" "hypergeometric" "the same name, the subcommand's own values"
mkdir "$TMP/d" && : >"$TMP/d/notes-ceo.md"
expect_eq "$(cd "$TMP/d" && complete_ auditkit score --facts f.json note)" "notes-ceo.md" "a file otherwise"

# What completion offers for '-' is what the parser takes, for every command.
bad=""
for c in $("$AUDITKIT" --list-commands | grep -vx help); do
	subs=$("$AUDITKIT" "$c" --list-commands)
	for s in ${subs:-""}; do
		want=$("$AUDITKIT" $c $s --list-options | grep -v '^deprecated ' | cut -f1 | tr ' ' '\n' | sed 's/=$//' | sort)
		got=$(complete_ auditkit $c $s -)
		[ "$got" = "$want" ] || bad="$bad '$c${s:+ $s}'"
	done
done
expect_eq "$bad" "" "auditkit CMD -<TAB> offers each command's options, no more, no fewer"

# Every value offered is one the parser takes: interview's roles, audit types
# and formats, run for real.
bad=""
for opt in role audit-type format audience; do
	for v in $("$AUDITKIT" interview --list-options | grep "^\(-. \)\?--$opt=" | cut -f2); do
		"$AUDITKIT" interview "--$opt" "$v" -q -o "$TMP/v.out" 2>/dev/null
		rc=$?
		[ $rc -eq 2 ] && bad="$bad --$opt=$v"
	done
done
expect_eq "$bad" "" "every value completion offers for interview is one it takes"

# The real thing: readline in an interactive bash and zle in an interactive
# zsh, on a terminal, with TAB typed.
cat >"$TMP/tty_drive.py" <<'PY'
import os, pty, re, select, sys, time
def text(b):  # what the terminal shows: no escape sequences, bells or backspaced characters
    s = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[>=]|[\r\a]", "", b.decode(errors="replace"))
    while re.search("[^\b]\b", s):
        s = re.sub("[^\b]\b", "", s)
    return s
shell, setup, typed = sys.argv[1], sys.argv[2], sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.environ["PS1"] = "%% " if shell == "zsh" else "$ "
    os.environ["INPUTRC"] = "/dev/null"
    argv = ["zsh", "-f", "-i"] if shell == "zsh" else ["bash", "--norc", "--noprofile", "-i"]
    os.execvp(argv[0], argv)
out = b""
def read(until, seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        if until and until in text(out):
            return
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:
                return
read(None, 1)
os.write(fd, (setup + "; echo READ''Y\n").encode())
read("READY\n", 20)
out = b""
os.write(fd, typed.encode() + b"\t")
read(sys.argv[4], 10)
os.write(fd, b"\x03")
read(None, 0.3)
os.write(fd, b"exit\n")
read(None, 0.5)
print(text(out))
PY
got=$(PATH="$TMP/bin:$PATH" "$PY" "$TMP/tty_drive.py" bash ". '$BASH_COMP'" "auditkit sc" "auditkit score " 2>&1)
expect_in "$got" "auditkit score " "in an interactive bash, auditkit sc<TAB> becomes auditkit score"
got=$(PATH="$TMP/bin:$PATH" "$PY" "$TMP/tty_drive.py" bash ". '$BASH_COMP'" "auditkit interview --role=cf" "--role=cfo " 2>&1)
expect_in "$got" "auditkit interview --role=cfo " "in an interactive bash, --role=cf<TAB> becomes --role=cfo"
if command -v zsh >/dev/null; then
	mkdir "$TMP/zfunc" && cp "$ZSH_COMP" "$TMP/zfunc/"
	setup="fpath=('$TMP/zfunc' \$fpath); autoload -Uz compinit; compinit -u -D"
	got=$(PATH="$TMP/bin:$PATH" "$PY" "$TMP/tty_drive.py" zsh "$setup" "auditkit sc" "auditkit score " 2>&1)
	expect_in "$got" "auditkit score " "in an interactive zsh, auditkit sc<TAB> becomes auditkit score"
	got=$(PATH="$TMP/bin:$PATH" "$PY" "$TMP/tty_drive.py" zsh "$setup" "auditkit sample draw --input-f" "--input-format " 2>&1)
	expect_in "$got" "auditkit sample draw --input-format " "in an interactive zsh, a subcommand's option"
	got=$(PATH="$TMP/bin:$PATH" "$PY" "$TMP/tty_drive.py" zsh "$setup" "auditkit interview --role cf" "--role cfo " 2>&1)
	expect_in "$got" "auditkit interview --role cfo " "in an interactive zsh, an option's value"
	zsh -n "$ZSH_COMP" && ok "_auditkit is valid zsh" || not_ok "_auditkit does not parse in zsh"
else
	# not counted either way: said, so that nobody takes it for tested
	echo "SKIP $_name: zsh is not installed, so _auditkit is not tried (apt-get install zsh)" >&2
fi
bash -n "$BASH_COMP" && ok "auditkit.bash is valid bash" || not_ok "auditkit.bash does not parse"
