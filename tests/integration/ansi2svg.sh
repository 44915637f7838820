#!/usr/bin/env bash
# tests/screenshots/ansi2svg.js (the renderer of `make screenshots`): colours,
# attributes, wide characters on two cells, box and block characters as
# shapes, and a line wider than the terminal refused.
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
out=$(mktemp /tmp/bssdash-ansi2svg.XXXXXX)
trap 'rm -f "$out"' EXIT

# render COLS ROWS TEXT: the SVG of TEXT (printf escapes) in $out; the status.
render() {
	printf "$3" | node tests/screenshots/ansi2svg.js "$1" "$2" >"$out" 2>"$out.err"
	local rc=$?
	cat "$out.err" >>"$out"
	rm -f "$out.err"
	return $rc
}

# has NAME PATTERN: the last SVG contains PATTERN (fixed string).
has() {
	if grep -qF -- "$2" "$out"; then
		pass=$((pass + 1))
		echo "ok   $1"
	else
		fail=$((fail + 1))
		echo "FAIL $1: no '$2' in"
		head -c 2000 "$out"
		echo
	fi
}

# count NAME PATTERN N: PATTERN occurs N times.
count() {
	local n
	n=$(grep -oF -- "$2" "$out" | wc -l)
	if [ "$n" = "$3" ]; then
		pass=$((pass + 1))
		echo "ok   $1"
	else
		fail=$((fail + 1))
		echo "FAIL $1: '$2' $n times, expected $3"
	fi
}

# Cells are 9x18 px after an 8 px margin; text baselines 14 px below the top.
render 4 1 '\033[1;31mA\033[0mb'
has "bold red (SGR 1;31)" '<text x="8" y="22" fill="#cd3131" font-weight="bold">A</text>'
has "reset to the default colour" '<text x="17" y="22" fill="#d4d4d4">b</text>'
has "size: 4x1 cells plus the margins" 'width="52" height="34"'

render 4 1 '\033[38;5;196mA\033[38;2;1;2;3mB\033[38:2::4:5:6mC\033[48;5;21mD'
has "256-colour foreground" 'fill="#ff0000">A<'
has "truecolor foreground" 'fill="#010203">B<'
has "truecolor, colon form" 'fill="#040506">C<'
has "256-colour background as a cell rectangle" '<rect x="35" y="8" width="9" height="18" fill="#0000ff"/>'

render 3 2 '\033[32mA\n\033[7mB'
has "attributes carry over to the next line" '<text x="8" y="22" fill="#0dbc79">A</text>'
has "reverse: the background takes the foreground" '<rect x="8" y="26" width="9" height="18" fill="#0dbc79"/>'
has "reverse: the text takes the default background" 'fill="#1e1e1e">B<'

render 4 1 '\033[2mA\033[4mB'
has "dim blends toward the background" 'fill="#828282">A<'
has "underline is a line under the cell" '<rect x="17" y="24" width="9" height="1"'

render 5 1 '中a\xe2\x80\x8bb'
has "a CJK character is centred on its two cells, enlarged" '<text x="8.5" y="22" fill="#d4d4d4" font-size="17">中</text>'
has "the next character after the two cells, with its zero-width one" \
	"$(printf '<text x="26" y="22" fill="#d4d4d4">a\xe2\x80\x8b</text>')"
has "a zero-width character takes no cell" '<text x="35" y="22" fill="#d4d4d4">b</text>'

render 3 2 '┌─┐\n█░▄'
count "box and block characters are drawn, not written" '<text' 0
has "full block fills the cell" '<rect x="8" y="26" width="9" height="18" fill="#d4d4d4"/>'
has "light shade is a quarter-opaque fill" 'fill-opacity="0.25"'
has "lower half block" '<rect x="26" y="35" width="9" height="9" fill="#d4d4d4"/>'
has "┌ has a right arm to the cell's edge" '<rect x="12" y="17" width="5" height="1"'
has "─ crosses the whole cell (left arm)" '<rect x="17" y="17" width="4" height="1"'
has "─ crosses the whole cell (right arm)" '<rect x="21" y="17" width="5" height="1"'

render 3 1 '中中'
rc=$?
if [ "$rc" = 3 ]; then
	pass=$((pass + 1))
	echo "ok   a line wider than the terminal: exit status 3"
else
	fail=$((fail + 1))
	echo "FAIL a line wider than the terminal: exit status $rc"
fi
has "and a message naming the line" 'line 1 is 4 columns wide, more than 3'

if printf 'x' | node tests/screenshots/ansi2svg.js 0 0 >/dev/null 2>&1; then
	fail=$((fail + 1))
	echo "FAIL a bad size is refused"
else
	pass=$((pass + 1))
	echo "ok   a bad size is refused"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
