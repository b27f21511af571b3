# bash completion for auditkit                                  -*- shell-script -*-
#
# Installed by `make install` as $(PREFIX)/share/bash-completion/completions/auditkit,
# where bash-completion loads it on first use; or source it from ~/.bashrc.
#
# Everything comes from the binary itself, so that completion cannot drift
# from the parsers: `auditkit --list-commands` and `auditkit CMD
# --list-commands` name the commands and subcommands, and `auditkit CMD [SUB]
# --list-options` prints one line per option ("-r --role=<TAB>ceo board ...":
# its spellings, '=' when it takes a value, then the words the value may be),
# and "deprecated ..." lines for the old spellings, which are not offered.

# _auditkit_run ARGS...: the auditkit being completed, run quietly
_auditkit_run() {
	local ak=${COMP_WORDS[0]}
	[[ $ak == "~/"* ]] && ak=$HOME/${ak#"~/"}
	command -v -- "$ak" >/dev/null 2>&1 || ak=auditkit
	"$ak" "$@" 2>/dev/null
}

# _auditkit_fill CMD [SUB]: ask the binary for the --list-options lines
# once per shell (in this shell, not a subshell, so that they are kept)
_auditkit_fill() {
	local key="$*"
	if [[ -z ${_auditkit_cache[$key]+set} ]]; then
		_auditkit_cache[$key]=$(_auditkit_run "$@" --list-options | grep -v '^deprecated ')
	fi
}

# _auditkit_options CMD [SUB]: those lines
_auditkit_options() {
	_auditkit_fill "$@"
	printf '%s\n' "${_auditkit_cache[$*]}"
}

# _auditkit_line OPTION CMD [SUB]: the line of OPTION ("--role", "-r")
_auditkit_line() {
	local opt=$1 line spellings s
	shift
	# read from the cache itself: a reader that stops at the first match
	# must not leave a writer to fail on a closed pipe (the error would
	# land on the user's terminal)
	_auditkit_fill "$@"
	while IFS= read -r line; do
		spellings=${line%%$'\t'*}
		for s in $spellings; do
			[[ ${s%=} == "$opt" ]] && { printf '%s\n' "$line"; return 0; }
		done
	done <<<"${_auditkit_cache[$*]}"
	return 1
}

_auditkit_files() {
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$1"))
}

_auditkit() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd="" sub="" subs line words i
	COMPREPLY=()
	declare -gA _auditkit_cache 2>/dev/null || return 0
	# '=' breaks words (COMP_WORDBREAKS): "--role=c" arrives as "--role" "=" "c"
	if [[ $cur == "=" && $prev == --* ]]; then
		cur=""
	elif [[ $prev == "=" ]] && ((COMP_CWORD > 2)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W "$(_auditkit_run --list-commands) --help --version" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	if [[ $cmd == help ]]; then
		if ((COMP_CWORD == 2)); then
			COMPREPLY=($(compgen -W "$(_auditkit_run --list-commands | grep -vx help)" -- "$cur"))
		elif ((COMP_CWORD == 3)); then
			COMPREPLY=($(compgen -W "$(_auditkit_run "${COMP_WORDS[2]}" --list-commands)" -- "$cur"))
		fi
		return 0
	fi
	[[ $cmd == -* ]] && return 0

	# The subcommand, for a command that has them: the first word naming one.
	subs=$(_auditkit_run "$cmd" --list-commands)
	if [[ -n $subs ]]; then
		for ((i = 2; i < COMP_CWORD; i++)); do
			if [[ $'\n'$subs$'\n' == *$'\n'"${COMP_WORDS[i]}"$'\n'* ]]; then
				sub=${COMP_WORDS[i]}
				break
			fi
		done
		if [[ -z $sub ]]; then
			[[ $cur == -* ]] && COMPREPLY=($(compgen -W "--help" -- "$cur")) ||
				COMPREPLY=($(compgen -W "$subs" -- "$cur"))
			return 0
		fi
	fi

	# A value: after an option that takes one, or after its '='.
	if [[ $cur == --*=* ]]; then
		line=$(_auditkit_line "${cur%%=*}" "$cmd" $sub) || return 0
		words=${line#*$'\t'}
		[[ $line == *$'\t'* ]] || words=""
		if [[ -n $words ]]; then
			COMPREPLY=($(compgen -P "${cur%%=*}=" -W "$words" -- "${cur#*=}"))
		else
			_auditkit_files "${cur#*=}"
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		fi
		return 0
	fi
	_auditkit_fill "$cmd" $sub # here, so that the subshells below find it kept
	if [[ $prev == -* ]] && line=$(_auditkit_line "$prev" "$cmd" $sub) &&
		[[ ${line%%$'\t'*} == *= ]]; then
		if [[ $line == *$'\t'* ]]; then
			COMPREPLY=($(compgen -W "${line#*$'\t'}" -- "$cur"))
		else
			_auditkit_files "$cur"
		fi
		return 0
	fi

	if [[ $cur == -* ]]; then
		words=$(_auditkit_options "$cmd" $sub | cut -f1 | tr ' ' '\n' | sed 's/=$//')
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return 0
	fi
	_auditkit_files "$cur"
}

complete -F _auditkit auditkit
