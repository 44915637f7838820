#!/usr/bin/env node
'use strict';
/*
 * Signer benchmark, official side: signatures per second of Huawei's Node.js SDK core
 * (@huaweicloud/huaweicloud-sdk-core) on the requests of one or more vectors files
 * (the format of ../shared/vectors/signing.json).
 *
 * Two figures, both through the SDK's own code:
 *   sdk   HcClient.buildRequest(options): the SDK's request building, then
 *         GlobalCredentials.processAuthRequest -> AKSKSigner.sign, which is what every SDK
 *         call does before sending (the path the shared vectors were produced with);
 *   bare  AKSKSigner.sign(request, credential) alone, on the exact request object the SDK
 *         hands its signer (captured once per case), i.e. the signing arithmetic only.
 * Rates are per second of the process's CPU time, as on the C side.
 * Before timing, every case is signed at its own sdk_date and its Authorization compared
 * with the file's expected one, so both sides provably sign the same requests.
 *
 * usage: node sign-node.js --sdk DIR [--seconds S] FILE...
 *        node sign-node.js --sdk DIR --fill FILE   (writes expected.authorization into FILE's
 *                                                   cases, computed by the SDK; for new cases)
 * Output: "sdk <rate>" and "bare <rate>" lines (signatures per second), "#" lines for notes.
 */
const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
    const o = { seconds: 3, files: [] };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--sdk') o.sdk = argv[++i];
        else if (a === '--seconds') o.seconds = Number(argv[++i]);
        else if (a === '--fill') o.fill = argv[++i];
        else o.files.push(a);
    }
    if (!o.sdk || (!o.fill && o.files.length === 0) || !(o.seconds > 0)) {
        console.error('usage: sign-node.js --sdk DIR [--seconds S] FILE... | --sdk DIR --fill FILE');
        process.exit(2);
    }
    return o;
}

function loadSdk(dir) {
    const req = rel => require(path.join(dir, rel));
    return {
        version: req('package.json').version,
        HcClient: req('HcClient.js').HcClient,
        DefaultHttpClient: req('http/DefaultHttpClient.js').DefaultHttpClient,
        GlobalCredentials: req('auth/GlobalCredentials.js').GlobalCredentials,
        AKSKSigner: req('auth/AKSKSigner.js').AKSKSigner,
    };
}

const SILENT = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel() { return 'error'; }, setName() {} };

/* A case as a generated BSS client would pass it to HcClient.sendRequest. */
function prepare(sdk, c) {
    const cred = new sdk.GlobalCredentials().withAk(c.ak).withSk(c.sk);
    if (c.security_token) cred.withSecurityToken(c.security_token);
    if (c.domain_id) cred.withDomainId(c.domain_id);
    const endpoint = `${c.scheme || 'https'}://${c.host}`;
    const http = new sdk.DefaultHttpClient({ logger: SILENT }, [endpoint]);
    const client = new sdk.HcClient(http, {}).withEndpoints([endpoint]).withCredential(cred);
    const query = {};
    for (const [k, v] of c.query) {
        if (!(k in query)) query[k] = v;
        else query[k] = [].concat(query[k], v);
    }
    const headers = {};
    let contentType;
    for (const [k, v] of c.headers) {
        if (k.toLowerCase() === 'content-type') contentType = v;
        else headers[k] = v;
    }
    let data;
    if (c.body !== '') data = contentType === 'application/json' ? JSON.parse(c.body) : c.body;
    // buildRequest edits options.headers, so every call gets fresh copies, as generated clients do.
    const options = () => {
        const o = { method: c.method, url: c.path, pathParams: {}, queryParams: { ...query }, headers: { ...headers } };
        if (contentType) o.contentType = contentType;
        if (data !== undefined) o.data = data;
        return o;
    };
    return { c, client, cred, options };
}

/* Runs fn with Date.now (which moment() reads) fixed at the case's sdk_date. */
async function atDate(sdkDate, fn) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(sdkDate);
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    const real = Date.now;
    Date.now = () => ms;
    try { return await fn(); } finally { Date.now = real; }
}

async function authorizationAt(p) {
    const req = await atDate(p.c.sdk_date, () => p.client.buildRequest(p.options()));
    return req.headers.Authorization;
}

/* The request object the SDK hands AKSKSigner.sign for this case (deep copy). */
async function signerInput(sdk, p) {
    const real = sdk.AKSKSigner.sign;
    let captured;
    sdk.AKSKSigner.sign = function (request, credential) {
        captured = { ...request, headers: { ...request.headers } };
        return real.call(this, request, credential);
    };
    try { await p.client.buildRequest(p.options()); } finally { sdk.AKSKSigner.sign = real; }
    return captured;
}

/* Process CPU time in seconds (every thread: the JIT and the GC count too). */
function cpuSeconds() {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
}

/*
 * Round-robin over the cases for `seconds` of CPU time; returns signatures per CPU second
 * (wall time would count the turns of other programs on a shared machine).
 */
async function rate(seconds, step) {
    const start = cpuSeconds();
    let n = 0;
    for (;;) {
        for (let i = 0; i < 64; i++) await step(n++);
        const used = cpuSeconds() - start;
        if (used >= seconds) return n / used;
    }
}

async function main() {
    const o = parseArgs(process.argv.slice(2));
    const sdk = loadSdk(o.sdk);
    if (o.fill) {
        const doc = JSON.parse(fs.readFileSync(o.fill, 'utf8'));
        for (const c of doc.cases) c.expected = { authorization: await authorizationAt(prepare(sdk, c)) };
        doc.generated_by = { sdk: '@huaweicloud/huaweicloud-sdk-core', sdk_version: sdk.version,
            call_path: 'HcClient.buildRequest -> GlobalCredentials.processAuthRequest -> AKSKSigner.sign (nothing sent), Date.now fixed at sdk_date' };
        fs.writeFileSync(o.fill, JSON.stringify(doc, null, 2) + '\n');
        return;
    }
    const cases = o.files.flatMap(f => JSON.parse(fs.readFileSync(f, 'utf8')).cases);
    const prepared = cases.map(c => prepare(sdk, c));
    for (const p of prepared) {
        const got = await authorizationAt(p);
        if (got !== p.c.expected.authorization) {
            console.error(`sign-node: case ${p.c.name}: the SDK signs ${got}, the file expects ${p.c.expected.authorization}`);
            process.exit(1);
        }
    }
    const bare = [];
    for (const p of prepared) bare.push({ req: await signerInput(sdk, p), cred: p.cred });
    const n = prepared.length;
    const sdkStep = i => { const p = prepared[i % n]; return p.client.buildRequest(p.options()); };
    const bareStep = i => { const b = bare[i % n]; sdk.AKSKSigner.sign(b.req, b.cred); };
    // Warm-up so that both figures are of optimised code, as in a long-running client.
    await rate(Math.min(1, o.seconds / 2), sdkStep);
    await rate(Math.min(1, o.seconds / 2), bareStep);
    console.log(`# ${n} cases checked against the files' expected Authorization; node ${process.version}, SDK ${sdk.version}`);
    console.log(`sdk ${(await rate(o.seconds, sdkStep)).toFixed(0)}`);
    console.log(`bare ${(await rate(o.seconds, bareStep)).toFixed(0)}`);
}

main().catch(e => { console.error(`sign-node: ${e.stack || e}`); process.exit(1); });
