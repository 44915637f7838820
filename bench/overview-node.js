#!/usr/bin/env node
'use strict';
/*
 * Cold-start comparison, official side: the calls bssdash's overview makes at start
 * (bench/overview-calls.json, mirroring src/app/store_bss.c), sent through Huawei's
 * Node.js SDK core exactly as its generated clients send them (HcClient.sendRequest ->
 * AKSKSigner -> axios; contentType application/json on every call), three ways:
 *   seq   one after another, every page of every list (a paged list: the first page,
 *         then the rest by its total);
 *   all   all at once: every list's first page together, then every remaining page;
 *   each  every request alone, one at a time, each timed: the slowest is the bound a
 *         perfect client cannot beat.
 * Times are from the first request to the last answer, in this process, after one warm-up
 * call (so node's own start-up, the SDK's loading and its first connection are not counted:
 * the comparison is generous to the SDK). With --cold 1 (seq or all, once) the time is from
 * the start of the node process instead, like the dashboard's own figure.
 *
 * usage: node overview-node.js --sdk DIR --endpoint URL --ak AK --sk SK --calls FILE
 *            [--mode seq|all|each] [--repeat N] [--cold 1]
 * Output: "ms MODE VALUE" per repetition ("cold MODE VALUE" with --cold); for each: "slowest_ms V NAME" and per request
 * "req NAME ms". A non-2xx answer is fatal (exit 1), so a broken run never yields a figure.
 */
const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
    const o = { mode: 'seq', repeat: 1 };
    for (let i = 0; i < argv.length; i += 2) {
        const k = argv[i].replace(/^--/, ''), v = argv[i + 1];
        if (v === undefined) usage();
        o[k] = k === 'repeat' ? Number(v) : k === 'cold' ? v === '1' : v;
    }
    if (!o.sdk || !o.endpoint || !o.ak || !o.sk || !o.calls || !['seq', 'all', 'each'].includes(o.mode)) usage();
    return o;
}
function usage() {
    console.error('usage: overview-node.js --sdk DIR --endpoint URL --ak AK --sk SK --calls FILE [--mode seq|all|each] [--repeat N] [--cold 1]');
    process.exit(2);
}

const SILENT = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel() { return 'error'; }, setName() {} };

/* Dates of "now" in UTC+8, where BSS bill cycles and cost dates live. */
const cst = (days = 0) => new Date(Date.now() + 8 * 3600e3 - days * 86400e3).toISOString();
/* "{month}" and "{day-N}" in a string value, as the dashboard computes them at start. */
function fill(v) {
    if (typeof v === 'string') return v.replace('{month}', cst().slice(0, 7)).replace(/\{day-(\d+)\}/, (_, n) => cst(Number(n)).slice(0, 10));
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
}

function client(o) {
    const req = rel => require(path.join(o.sdk, rel));
    const { HcClient } = req('HcClient.js');
    const { DefaultHttpClient } = req('http/DefaultHttpClient.js');
    const { GlobalCredentials } = req('auth/GlobalCredentials.js');
    const cred = new GlobalCredentials().withAk(o.ak).withSk(o.sk);
    const http = new DefaultHttpClient({ logger: SILENT }, [o.endpoint]);
    return new HcClient(http, {}).withEndpoints([o.endpoint]).withCredential(cred);
}

/* One page of a call at offset (undefined = the call as written). Resolves to the parsed body. */
async function send(hc, call, offset) {
    const query = fill(call.query || {});
    let data = call.body ? fill(call.body) : undefined;
    if (offset !== undefined && call.page) {
        if (call.page.in === 'query') query.offset = String(offset);
        else data.offset = offset;
    }
    const options = { method: call.method, url: call.path, pathParams: {}, queryParams: query, headers: {}, contentType: 'application/json' };
    if (data !== undefined) options.data = data;
    const r = await hc.sendRequest(options);
    if (!(r.httpStatusCode >= 200 && r.httpStatusCode < 300)) throw new Error(`${call.name}: HTTP ${r.httpStatusCode}`);
    return r;
}

/* The offsets of the pages after the first, from the first page's total. */
function restOffsets(call, first) {
    if (!call.page) return [];
    const total = first[call.page.total] || 0, limit = call.page.limit, out = [];
    for (let off = limit; off < total; off += limit) out.push(off);
    return out;
}

async function timed(fn) {
    const t0 = process.hrtime.bigint();
    const r = await fn();
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, r };
}

async function seq(hc, calls) {
    for (const c of calls) {
        const first = await send(hc, c);
        for (const off of restOffsets(c, first)) await send(hc, c, off);
    }
}

async function all(hc, calls) {
    await Promise.all(calls.map(async c => {
        const first = await send(hc, c);
        await Promise.all(restOffsets(c, first).map(off => send(hc, c, off)));
    }));
}

async function each(hc, calls) {
    const times = [];
    for (const c of calls) {
        const first = await timed(() => send(hc, c));
        times.push({ name: c.name, ms: first.ms });
        for (const off of restOffsets(c, first.r)) times.push({ name: `${c.name}@${off}`, ms: (await timed(() => send(hc, c, off))).ms });
    }
    return times;
}

async function main() {
    const o = parseArgs(process.argv.slice(2));
    const calls = JSON.parse(fs.readFileSync(o.calls, 'utf8')).calls;
    const hc = client(o);
    if (o.cold) {
        // A fresh process, as a user runs the script: from node's start to the last answer.
        await (o.mode === 'seq' ? seq(hc, calls) : all(hc, calls));
        console.log(`cold ${o.mode} ${performance.now().toFixed(3)}`);
        return;
    }
    // One call first: node's JIT and the SDK's lazy set-up are not what is compared.
    await send(hc, calls[0]);
    for (let i = 0; i < o.repeat; i++) {
        if (o.mode === 'each') {
            const times = await each(hc, calls);
            const slow = times.reduce((a, b) => (b.ms > a.ms ? b : a));
            for (const t of times) console.log(`req ${t.name} ${t.ms.toFixed(3)}`);
            console.log(`slowest_ms ${slow.ms.toFixed(3)} ${slow.name}`);
        } else {
            const t = await timed(() => (o.mode === 'seq' ? seq(hc, calls) : all(hc, calls)));
            console.log(`ms ${o.mode} ${t.ms.toFixed(3)}`);
        }
    }
}

main().catch(e => { console.error(`overview-node: ${e.errorMsg || e.message || e}`); process.exit(1); });
