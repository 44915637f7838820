#!/usr/bin/env node
// ansi2svg: a tmux `capture-pane -e -p` dump (text with SGR colour codes) on
// stdin, an SVG of that terminal on stdout, for rsvg-convert to turn into PNG.
//
//   node ansi2svg.js COLS ROWS < screen.ansi > screen.svg
//
// Why not an ANSI-to-HTML converter: every character is placed on the cell
// grid by itself (librsvg ignores per-glyph x lists, and CJK glyphs are not
// exactly two ASCII advances wide), and box-drawing and block characters are
// drawn as rectangles, so borders join, bars and sparklines have no seams and
// wide characters stay in their columns whatever the fonts' metrics.
// Widths follow East Asian Width (wide and fullwidth = 2 cells) as glibc's
// wcwidth does for the scripts the dashboard shows; a line wider than COLS is
// reported on stderr (exit status 3) because it means the widths disagree
// with the ones tmux used.
"use strict";

const CW = 9, CH = 18, FONT = 15, BASE = 14, PAD = 8;
// CJK glyphs are about an em wide: this size makes one fill its two cells.
const WIDE_FONT = 17;
const FAMILY = "DejaVu Sans Mono, Noto Sans Mono CJK SC, monospace";

// A dark terminal: default colours and the 16 ANSI colours.
const DEF_FG = "#d4d4d4", DEF_BG = "#1e1e1e";
const ANSI16 = ["#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
	"#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"];

function hex2(n) { return n.toString(16).padStart(2, "0"); }

// xterm's 256-colour palette: 16 ANSI, the 6x6x6 cube, 24 greys.
function palette(i) {
	if (i < 16) return ANSI16[i];
	if (i < 232) {
		const lv = [0, 95, 135, 175, 215, 255], c = i - 16;
		return "#" + hex2(lv[Math.floor(c / 36)]) + hex2(lv[Math.floor(c / 6) % 6]) + hex2(lv[c % 6]);
	}
	return "#" + hex2(8 + 10 * (i - 232)).repeat(3);
}

const WIDE = [[0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x2e80, 0x303e],
	[0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f],
	[0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60],
	[0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x2fffd], [0x30000, 0x3fffd]];
const ZERO = /[\p{Mn}\p{Me}\p{Cf}]/u, EMOJI = /\p{Emoji_Presentation}/u;

function width(ch) {
	const c = ch.codePointAt(0);
	if (c === 0x200d || ZERO.test(ch)) return 0;
	if (WIDE.some(([a, b]) => c >= a && c <= b) || EMOJI.test(ch)) return 2;
	return 1;
}

// Box drawing: left, right, up, down arms (1 light, 2 heavy, 3 double).
const BOX = {};
function box(chars, arms) { [...chars].forEach((ch, i) => { BOX[ch] = arms[i]; }); }
box("─━│┃", [[1, 1, 0, 0], [2, 2, 0, 0], [0, 0, 1, 1], [0, 0, 2, 2]]);
box("┌┐└┘├┤┬┴┼", [[0, 1, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0], [1, 0, 1, 0], [0, 1, 1, 1], [1, 0, 1, 1],
	[1, 1, 0, 1], [1, 1, 1, 0], [1, 1, 1, 1]]);
box("┏┓┗┛┣┫┳┻╋", [[0, 2, 0, 2], [2, 0, 0, 2], [0, 2, 2, 0], [2, 0, 2, 0], [0, 2, 2, 2], [2, 0, 2, 2],
	[2, 2, 0, 2], [2, 2, 2, 0], [2, 2, 2, 2]]);
box("═║╔╗╚╝╠╣╦╩╬", [[3, 3, 0, 0], [0, 0, 3, 3], [0, 3, 0, 3], [3, 0, 0, 3], [0, 3, 3, 0], [3, 0, 3, 0],
	[0, 3, 3, 3], [3, 0, 3, 3], [3, 3, 0, 3], [3, 3, 3, 0], [3, 3, 3, 3]]);
box("╭╮╰╯╴╵╶╷", [[0, 1, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0], [1, 0, 1, 0], [1, 0, 0, 0], [0, 0, 1, 0],
	[0, 1, 0, 0], [0, 0, 0, 1]]);

function rect(x, y, w, h, fill, extra) {
	return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"${extra || ""}/>`;
}

// The arms of a box character as rectangles from the cell's centre lines.
function drawBox(arms, x, y, fill) {
	const cx = x + Math.floor(CW / 2), cy = y + Math.floor(CH / 2), out = [];
	const thick = w => (w === 2 ? 2 : 1);
	const [l, r, u, d] = arms;
	const horiz = (x0, x1, w) => {
		if (w === 3) { out.push(rect(x0, cy - 2, x1 - x0, 1, fill), rect(x0, cy + 1, x1 - x0, 1, fill)); return; }
		out.push(rect(x0, cy - (w === 2 ? 1 : 0), x1 - x0, thick(w), fill));
	};
	const vert = (y0, y1, w) => {
		if (w === 3) { out.push(rect(cx - 2, y0, 1, y1 - y0, fill), rect(cx + 1, y0, 1, y1 - y0, fill)); return; }
		out.push(rect(cx - (w === 2 ? 1 : 0), y0, thick(w), y1 - y0, fill));
	};
	// Each arm reaches past the centre line so corners and tees close.
	const hx = Math.max(u, d) === 3 ? 2 : 1, vy = Math.max(l, r) === 3 ? 2 : 1;
	if (l) horiz(x, cx + (r ? 0 : hx), l);
	if (r) horiz(cx - (l ? 0 : hx - 1), x + CW, r);
	if (u) vert(y, cy + (d ? 0 : vy), u);
	if (d) vert(cy - (u ? 0 : vy - 1), y + CH, d);
	return out.join("");
}

// Block elements (bars, sparklines): exact rectangles; shades as translucent fills.
function drawBlock(c, x, y, fill) {
	if (c === 0x2580) return rect(x, y, CW, CH / 2, fill);
	if (c >= 0x2581 && c <= 0x2588) {
		const h = Math.round(CH * (c - 0x2580) / 8);
		return rect(x, y + CH - h, CW, h, fill);
	}
	if (c >= 0x2589 && c <= 0x258f) return rect(x, y, Math.round(CW * (0x2590 - c) / 8), CH, fill);
	if (c === 0x2590) return rect(x + Math.floor(CW / 2), y, CW - Math.floor(CW / 2), CH, fill);
	if (c >= 0x2591 && c <= 0x2593) return rect(x, y, CW, CH, fill, ` fill-opacity="${(c - 0x2590) / 4}"`);
	if (c === 0x2594) return rect(x, y, CW, Math.round(CH / 8), fill);
	if (c === 0x2595) return rect(x + CW - Math.round(CW / 8), y, Math.round(CW / 8), CH, fill);
	return null;
}

function esc(s) {
	return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function mix(a, b, t) {
	const p = s => [1, 3, 5].map(i => parseInt(s.substr(i, 2), 16));
	const [x, y] = [p(a), p(b)];
	return "#" + x.map((v, i) => hex2(Math.round(v * (1 - t) + y[i] * t))).join("");
}

// An extended colour from its parameters after 38/48: [5, N] or [2, R, G, B];
// returns the colour and how many parameters it used.
function extColour(q) {
	if (q[0] === 5) return [palette(q[1] & 255), 2];
	if (q[0] === 2) return ["#" + q.slice(1, 4).map(v => hex2((v || 0) & 255)).join(""), 4];
	return [null, 1];
}

const RESET = { fg: null, bg: null, bold: false, dim: false, italic: false, ul: false, rev: false };
const FLAGS = { 1: ["bold", true], 2: ["dim", true], 3: ["italic", true], 4: ["ul", true], 7: ["rev", true],
	23: ["italic", false], 24: ["ul", false], 27: ["rev", false] };

// Applies one SGR sequence's parameters to the pen.
function sgr(pen, params) {
	const groups = params === "" ? ["0"] : params.split(";");
	const num = v => (v === "" ? 0 : Number(v));
	for (let i = 0; i < groups.length; i++) {
		// The colon form (38:2::R:G:B or 38:5:N) keeps a colour in one group.
		const sub = groups[i].split(":").map(num), n = sub[0];
		if (n === 0) Object.assign(pen, RESET);
		else if (FLAGS[n]) pen[FLAGS[n][0]] = FLAGS[n][1];
		else if (n === 22) pen.bold = pen.dim = false;
		else if (n >= 30 && n <= 37) pen.fg = palette(n - 30);
		else if (n >= 40 && n <= 47) pen.bg = palette(n - 40);
		else if (n >= 90 && n <= 97) pen.fg = palette(n - 82);
		else if (n >= 100 && n <= 107) pen.bg = palette(n - 92);
		else if (n === 39) pen.fg = null;
		else if (n === 49) pen.bg = null;
		else if (n === 38 || n === 48) {
			let col;
			if (sub.length > 1) {
				const q = sub.slice(1);
				if (q[0] === 2 && q.length >= 5) q.splice(1, 1); // drop the colour-space id
				[col] = extColour(q);
			} else {
				let used;
				[col, used] = extColour(groups.slice(i + 1).map(num));
				i += used;
			}
			pen[n === 38 ? "fg" : "bg"] = col;
		}
	}
}

function parse(text, cols, rows) {
	const grid = Array.from({ length: rows }, () => []);
	const pen = { ...RESET };
	const problems = [];
	text.split("\n").slice(0, rows).forEach((line, r) => {
		let col = 0;
		const re = /\x1b\[([0-9;:?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|([^\x1b]+)|\x1b/gu;
		let m;
		while ((m = re.exec(line)) !== null) {
			if (m[2] === "m") { sgr(pen, m[1]); continue; }
			if (m[3] === undefined) continue;
			for (const ch of m[3]) {
				const w = width(ch);
				if (w === 0) {
					if (col > 0 && grid[r][col - 1]) grid[r][col - 1].ch += ch;
					continue;
				}
				if (col + w <= cols) grid[r][col] = { ch, w, ...pen };
				col += w;
			}
		}
		if (col > cols) problems.push(`line ${r + 1} is ${col} columns wide, more than ${cols}`);
	});
	return { grid, problems };
}

function render(grid, cols, rows) {
	const W = cols * CW + 2 * PAD, H = rows * CH + 2 * PAD, out = [];
	out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`);
	out.push(rect(0, 0, W, H, DEF_BG));
	out.push(`<g font-family="${FAMILY}" font-size="${FONT}" shape-rendering="crispEdges">`);
	const text = [];
	grid.forEach((cells, r) => {
		const y = PAD + r * CH;
		cells.forEach((c, col) => {
			if (!c) return;
			let fg = c.fg || DEF_FG, bg = c.bg;
			if (c.rev) { [fg, bg] = [bg || DEF_BG, fg]; }
			if (c.dim) fg = mix(fg, bg || DEF_BG, 0.45);
			const x = PAD + col * CW;
			if (bg) out.push(rect(x, y, CW * c.w, CH, bg));
			const cp = c.ch.codePointAt(0);
			if (c.ul) out.push(rect(x, y + BASE + 2, CW * c.w, 1, fg));
			if (c.ch === " ") return;
			if (BOX[c.ch]) { out.push(drawBox(BOX[c.ch], x, y, fg)); return; }
			const block = drawBlock(cp, x, y, fg);
			if (block) { out.push(block); return; }
			// A wide glyph is centred on its two cells.
			const gx = c.w === 2 ? x + (2 * CW - WIDE_FONT) / 2 : x;
			const attrs = (c.bold ? ' font-weight="bold"' : "") + (c.italic ? ' font-style="italic"' : "") +
				(c.w === 2 ? ` font-size="${WIDE_FONT}"` : "");
			text.push(`<text x="${gx}" y="${y + BASE}" fill="${fg}"${attrs}>${esc(c.ch)}</text>`);
		});
	});
	out.push("</g>", `<g font-family="${FAMILY}" font-size="${FONT}" xml:space="preserve">`, ...text, "</g></svg>");
	return out.join("\n");
}

function main() {
	const [cols, rows] = process.argv.slice(2).map(Number);
	if (!(cols > 0 && rows > 0)) {
		process.stderr.write("usage: ansi2svg.js COLS ROWS < capture > out.svg\n");
		process.exit(2);
	}
	let input = "";
	process.stdin.setEncoding("utf8");
	process.stdin.on("data", d => { input += d; }).on("end", () => {
		const { grid, problems } = parse(input, cols, rows);
		process.stdout.write(render(grid, cols, rows) + "\n");
		if (problems.length) {
			process.stderr.write(problems.map(p => "ansi2svg: " + p + "\n").join(""));
			process.exitCode = 3;
		}
	});
}

main();
