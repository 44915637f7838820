// usage: node memscan.js PID NEEDLE... : how many times each needle is in the
// process's readable memory, space-separated (tests/e2e/secrets.sh). The
// main thread's stack is left out: stale bytes there come and go with the
// calls (the dynamic linker's lazy binding saves vector registers, which may
// hold text just copied, below the caller's frame).
const fs = require("fs");
const [pid, ...needles] = process.argv.slice(2);
const fd = fs.openSync(`/proc/${pid}/mem`, "r");
const counts = needles.map(() => 0);
for (const line of fs.readFileSync(`/proc/${pid}/maps`, "utf8").split("\n")) {
	const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
	if (!m || m[3][0] !== "r" || line.endsWith("[stack]")) continue;
	const a = parseInt(m[1], 16), b = parseInt(m[2], 16);
	if (b - a > 1 << 30) continue;
	const buf = Buffer.alloc(b - a);
	try { fs.readSync(fd, buf, 0, b - a, a); } catch (e) { continue; }
	needles.forEach((n, i) => {
		for (let at = buf.indexOf(n); at >= 0; at = buf.indexOf(n, at + 1)) counts[i]++;
	});
}
console.log(counts.join(" "));
