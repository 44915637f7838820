// Cuts a captured screen (stdin) into its boxed panes and prints one line per
// pane asked for: its whole title (counts included), a TAB, and its inner
// text, the pane's rows joined with " | ".
// Usage: node panes.js TITLE...   (a TITLE is how the box title starts, e.g.
// "3 Coupons"). A title not on screen prints "TITLE<TAB>(no pane)".
//
// Columns are counted as the terminal does (CJK and fullwidth characters take
// two), so a pane to the right of Chinese text is cut where it is drawn.
"use strict";

const wide = (c) => (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	(c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	(c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	(c >= 0xffe0 && c <= 0xffe6);

// One entry per terminal cell; a wide character's second cell is "".
const cells = (line) => {
	const out = [];
	for (const ch of line) {
		out.push(ch);
		if (wide(ch.codePointAt(0)))
			out.push("");
	}
	return out;
};

const pane = (rows, title) => {
	const head = "┌─ " + title;
	for (let y = 0; y < rows.length; y++) {
		const text = rows[y].join("");
		const at = text.indexOf(head);
		if (at < 0)
			continue;
		// The string index of the corner is a cell index only before any wide cell.
		let x = 0;
		for (let seen = 0; x < rows[y].length && seen < at; x++)
			seen += rows[y][x].length;
		while (x < rows[y].length && rows[y][x] === "")
			x++;
		let right = x + 1;
		while (right < rows[y].length && rows[y][right] !== "┐")
			right++;
		const lines = [];
		for (let r = y + 1; r < rows.length && rows[r][x] !== "└"; r++)
			lines.push(rows[r].slice(x + 1, right).join("").trim());
		const name = text.slice(at + 3).split("┐")[0].replace(/ ─*$/, "");
		return name + "\t" +
			lines.filter((l) => l !== "").join(" | ");
	}
	return title + "\t(no pane)";
};

let input = "";
process.stdin.on("data", (d) => input += d).on("end", () => {
	const rows = input.split("\n").map(cells);
	for (const title of process.argv.slice(2))
		console.log(pane(rows, title));
});
