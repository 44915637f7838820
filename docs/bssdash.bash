# bash completion for bssdash. The commands, their options and the kinds of
# `get` come from bssdash's own help, which is printed from the same tables
# the program parses with, so this file never falls out of date.
# Install as /usr/share/bash-completion/completions/bssdash (make install does).

_bssdash_help_words() {  # the --options and first words of a help text
	grep -oE -- '--[a-z][a-z-]*' | sort -u
}

_bssdash() {
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}
	local prog=${words[0]} i cmd="" what="" nargs=0

	# The command is the first word that is not a global option (or its value).
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--config|--profile|--site|--log|--cacert|--theme|--timeout) ((i++)) ;;
		-*) ;;
		*)
			if [ -z "$cmd" ]; then cmd=${words[i]}
			elif [ "$cmd" = get ] && [ -z "$what" ]; then what=${words[i]}
			else nargs=$((nargs + 1)); fi
			;;
		esac
	done

	case $prev in
	--config|--log|--cacert)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--output|-o)
		COMPREPLY=($(compgen -W "table json csv markdown" -- "$cur")); return ;;
	--site)
		COMPREPLY=($(compgen -W "cn intl" -- "$cur")); return ;;
	--profile)
		local cfg=${XDG_CONFIG_HOME:-$HOME/.config}/bssdash/config
		COMPREPLY=($(compgen -W "$(sed -n 's/^\[profile \(.*\)\]$/\1/p' "$cfg" 2>/dev/null)" -- "$cur"))
		return ;;
	--period)
		COMPREPLY=($(compgen -W "1m 2m 3m 6m 1y 2y 3y" -- "$cur")); return ;;
	--exec)
		COMPREPLY=($(compgen -c -- "$cur")); return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null | _bssdash_help_words)" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
			    sed -n '/^Commands:/,$s/^  \([a-z][a-z-]*\) .*/\1/p')" -- "$cur"))
		fi
		return
	fi
	if [ "$cmd" = get ] && [ -z "$what" ] && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W "$("$prog" get --help 2>/dev/null |
		    sed -n 's/^  get \([a-z]*\).*/\1/p')" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		local help
		if [ "$cmd" = get ]; then
			help=$("$prog" get --help 2>/dev/null | grep -E "^  get $what( |$)|^usage")
		else
			help=$("$prog" "$cmd" --help 2>/dev/null)
		fi
		COMPREPLY=($(compgen -W "$(_bssdash_help_words <<<"$help")" -- "$cur"))
		return
	fi
	case $cmd in
	autorenew) [ $nargs = 0 ] && COMPREPLY=($(compgen -W "on off" -- "$cur")) ;;
	on-expiry) [ $nargs = 0 ] && COMPREPLY=($(compgen -W "pay-per-use default" -- "$cur")) ;;
	esac
}
complete -F _bssdash bssdash
