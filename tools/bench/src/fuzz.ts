/**
 * Webhook fuzz (issue #8), run by hand:
 *
 *   npx tsx tools/bench/src/fuzz.ts [options]             (from the repository root)
 *   npm run bench:fuzz -- [options]                        (from tools/bench)
 *
 * Sends at least 10,000 malformed, oversized, wrongly signed and wrongly authenticated requests
 * (and a few valid ones) to the built runtime with four webhooks deployed (HMAC sha_256 with the
 * secret from `{{secrets.X}}`, basic auth, API key, and a plain JSON one restricted to POST).
 * Prints the status codes per kind of request and asserts: no 5xx, no answer outside the
 * expected set for its kind (a wrong signature is never a 200), the runtime still alive and
 * answering, its RSS back within `--rss-tolerance` MB of the level before the fuzz.
 * Exit code 1 when an assertion fails.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  clientEnv,
  getEngine,
  http,
  instanceCounts,
  keepAliveAgent,
  mb,
  sleep,
  startModel,
  startRuntime,
  stockWebhook,
  table,
  waitActive,
  whole,
  type Engine,
  type HttpAnswer,
  type HttpCall,
  runBenchmark,
} from './inbound-kit.js';
import { collectGarbage, inspectorUrl } from './inspector-gc.js';
import { currentRss, stopChild } from './proc.js';

const USAGE = `Usage: npx tsx tools/bench/src/fuzz.ts [options]

Options:
  --requests N       requests in all, split into --phases phases (default 10000)
  --phases N         phases; RSS is sampled after a pause after each (default 2)
  --concurrency N    requests in flight (default 16)
  --max-body N       CONNECTORKIT_WEBHOOK_MAX_BODY of the runtime (default 65536)
  --seed N           seed of the generator (default 1): the same seed sends the same requests
  --pause S          seconds of quiet before each RSS sample (default 10)
  --rss-tolerance M  MB the RSS may stay above the start level (default 8)
  --force-gc yes|no  yes (default): run the runtime with --inspect=127.0.0.1:0 and force a full GC
                     through its inspector before each RSS sample (HeapProfiler.collectGarbage)
  --engine E         shared (default) or fresh, as in webhook.ts
  --runtime-entry F  the runtime CLI (default packages/runtime/dist/cli/main.js)
  --help`;

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    phases: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    'max-body': { type: 'string', default: '65536' },
    seed: { type: 'string', default: '1' },
    pause: { type: 'string', default: '10' },
    'rss-tolerance': { type: 'string', default: '8' },
    'force-gc': { type: 'string', default: 'yes' },
    engine: { type: 'string', default: 'shared' },
    'runtime-entry': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const REQUESTS = whole('requests', values.requests, 1, 1_000_000, USAGE);
const PHASES = whole('phases', values.phases, 1, 20, USAGE);
const CONCURRENCY = whole('concurrency', values.concurrency, 1, 256, USAGE);
const MAX_BODY = whole('max-body', values['max-body'], 1024, 64 * 1024 * 1024, USAGE);
const SEED = whole('seed', values.seed, 0, 2 ** 31, USAGE);
const PAUSE_S = whole('pause', values.pause, 0, 600, USAGE);
const RSS_TOLERANCE_MB = whole('rss-tolerance', values['rss-tolerance'], 0, 10_000, USAGE);
const FORCE_GC = values['force-gc'] === 'yes';
if ((values.engine !== 'shared' && values.engine !== 'fresh') || !['yes', 'no'].includes(values['force-gc'])) {
  console.error(USAGE);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// The generator: a seeded PRNG, the webhooks' secrets, and one function per kind of request.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
const ascii = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join('');
const b64 = (s: string) => Buffer.from(s).toString('base64');

const run = Date.now().toString(36);
const HMAC_SECRET = `fuzz-hmac-${run}-s3cr3t`;
const PASSWORD = `fuzz-pw-${run}`;
const API_KEY = `fuzz-key-${run}`;
const ctx = { hmac: `fz-hmac-${run}`, basic: `fz-basic-${run}`, key: `fz-key-${run}`, json: `fz-json-${run}` };
const pids = { hmac: `fuzz_hmac_${run}`, basic: `fuzz_basic_${run}`, key: `fuzz_key_${run}`, json: `fuzz_json_${run}` };
const anyCtx = () => pick(Object.values(ctx));
const json = (body: unknown, extra: Record<string, string | string[]> = {}) => ({ 'content-type': 'application/json', ...extra, body: JSON.stringify(body) });
const sign = (body: string | Buffer, algo = 'sha256', secret = HMAC_SECRET) => createHmac(algo, secret).update(body).digest('hex');
const sampleBody = () => JSON.stringify({ id: `F-${int(1e6)}`, amount: int(1000) / 10, tags: ['a', 'b'], nested: { ok: rnd() < 0.5 } });

/** A request, or raw bytes for a TCP connection (not HTTP at all, or broken HTTP). */
type Case = { call: HttpCall } | { raw: Buffer };
interface Kind {
  name: string;
  weight: number;
  /** Statuses this kind may get (anything else is listed as unexpected); 5xx never. */
  expect: number[];
  make(): { variant: string } & Case;
}

const post = (context: string, headers: Record<string, string | string[]>, body?: string | Buffer, query = ''): HttpCall => ({
  method: 'POST',
  path: `/inbound/${context}${query}`,
  headers,
  ...(body !== undefined ? { body } : {}),
});
const withBody = (variant: string, context: string, h: { body: string } & Record<string, string | string[]>) => {
  const { body, ...headers } = h;
  return { variant, call: post(context, headers, body) };
};

const OVER_HEADER_LIMIT = 'over the 16 KB header limit';

const KINDS: Kind[] = [
  {
    name: 'malformed JSON',
    weight: 10,
    expect: [400],
    make: () => {
      const good = sampleBody();
      const bodies: [string, string][] = [
        ['truncated', good.slice(0, 1 + int(good.length - 2))],
        ['single quotes', "{'a': 1}"],
        ['trailing comma', '{"a":1,}'],
        ['NaN', '{"a": NaN}'],
        ['random ascii', `{${ascii(50 + int(200))}`],
        ['two documents', `${good}${good}`],
        ['lone surrogate escape ok, control char raw', '{"a":"\u0001"}'],
        ['unterminated string', '{"a":"abc'],
      ];
      const [variant, body] = pick(bodies);
      const type = pick(['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json', 'APPLICATION/JSON']);
      return { variant, call: post(pick([ctx.json, ctx.key, ctx.basic]), { 'content-type': type }, body) };
    },
  },
  {
    name: 'wrong content type',
    weight: 6,
    expect: [200, 400, 401],
    make: () => {
      const body = sampleBody();
      const variant = pick(['text/plain', 'application/xml', 'form with JSON', 'multipart garbage', 'none', 'utf-16 json', 'image/png']);
      const type: Record<string, string | undefined> = {
        'text/plain': 'text/plain',
        'application/xml': 'application/xml',
        'form with JSON': 'application/x-www-form-urlencoded',
        'multipart garbage': 'multipart/form-data; boundary=xyz',
        none: undefined,
        'utf-16 json': 'application/json; charset=utf-16',
        'image/png': 'image/png',
      };
      const payload = variant === 'utf-16 json' ? Buffer.from(body, 'utf16le') : variant === 'multipart garbage' ? `--xyz\r\n${ascii(100)}` : body;
      const t = type[variant];
      return { variant, call: post(ctx.json, t ? { 'content-type': t } : {}, payload) };
    },
  },
  {
    name: 'oversized body',
    weight: 4,
    expect: [413],
    make: () => {
      const size = MAX_BODY + 1 + int(3 * MAX_BODY);
      const chunked = rnd() < 0.3;
      const body = `{"pad":"${'x'.repeat(size)}"}`;
      const context = anyCtx();
      return {
        variant: chunked ? 'chunked, no length' : 'with content-length',
        call: post(context, chunked ? { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body),
      };
    },
  },
  {
    name: 'HMAC wrong or missing',
    weight: 12,
    expect: [401],
    make: () => {
      const body = sampleBody();
      const variants: [string, () => Record<string, string | string[]>][] = [
        ['wrong hex', () => ({ 'x-signature': sign(`${body} `) })],
        ['missing', () => ({})],
        ['empty', () => ({ 'x-signature': '' })],
        ['sha1 instead of sha256', () => ({ 'x-signature': sign(body, 'sha1') })],
        ['sha512', () => ({ 'x-signature': sign(body, 'sha512') })],
        ['wrong secret', () => ({ 'x-signature': sign(body, 'sha256', 'guess') })],
        ['tagged wrong', () => ({ 'x-signature': `sha256=${sign('x')}` })],
        ['base64 garbage', () => ({ 'x-signature': bytes(32).toString('base64') })],
        ['non-ascii', () => ({ 'x-signature': 'sha256=ÿÿÿÿ' })],
        ['8 KB signature', () => ({ 'x-signature': 'a'.repeat(8192) })],
        ['repeated header, both wrong', () => ({ 'x-signature': [sign('a'), sign('b')] })],
        ['right sig in another header', () => ({ 'x-hub-signature-256': sign(body) })],
        ['truncated right sig', () => ({ 'x-signature': sign(body).slice(0, 63) })],
      ];
      const [variant, h] = pick(variants);
      return { variant, call: post(ctx.hmac, { 'content-type': 'application/json', ...h() }, body) };
    },
  },
  {
    name: 'basic auth wrong or missing',
    weight: 10,
    expect: [401],
    make: () => {
      const variants: [string, () => Record<string, string | string[]>][] = [
        ['wrong password', () => ({ authorization: `Basic ${b64(`bench:${PASSWORD}x`)}` })],
        ['wrong user', () => ({ authorization: `Basic ${b64(`root:${PASSWORD}`)}` })],
        ['missing', () => ({})],
        ['scheme only', () => ({ authorization: 'Basic' })],
        ['not base64', () => ({ authorization: `Basic ${ascii(20).replace(/\s/g, '')}!!` })],
        ['no colon', () => ({ authorization: `Basic ${b64(`bench${PASSWORD}`)}` })],
        ['bearer', () => ({ authorization: `Bearer ${PASSWORD}` })],
        ['binary decoded', () => ({ authorization: `Basic ${bytes(24).toString('base64')}` })],
        ['repeated header', () => ({ authorization: [`Basic ${b64('a:b')}`, `Basic ${b64('c:d')}`] })],
        ['password with extra colon', () => ({ authorization: `Basic ${b64(`bench:${PASSWORD}:`)}` })],
        ['10 KB value', () => ({ authorization: `Basic ${'A'.repeat(10_000)}` })],
      ];
      const [variant, h] = pick(variants);
      return withBody(variant, ctx.basic, json({ n: int(100) }, h()));
    },
  },
  {
    name: 'API key wrong or missing',
    weight: 10,
    expect: [401],
    make: () => {
      const variants: [string, () => Record<string, string | string[]>][] = [
        ['wrong key', () => ({ authorization: `Bearer ${API_KEY}x` })],
        ['missing', () => ({})],
        ['scheme only', () => ({ authorization: 'Bearer' })],
        ['double space', () => ({ authorization: `Bearer  ${API_KEY}` })],
        ['key first', () => ({ authorization: `${API_KEY} Bearer` })],
        ['repeated header', () => ({ authorization: [`Bearer ${API_KEY}x`, 'Bearer y'] })],
        ['in x-api-key', () => ({ 'x-api-key': API_KEY })],
        ['upper case', () => ({ authorization: `Bearer ${API_KEY.toUpperCase()}` })],
        ['many spaces', () => ({ authorization: ' '.repeat(2000) })],
      ];
      const [variant, h] = pick(variants);
      return withBody(variant, ctx.key, json({ n: int(100) }, h()));
    },
  },
  {
    name: 'wrong method',
    weight: 6,
    expect: [404, 405],
    make: () => {
      const variant = pick(['PATCH any', 'OPTIONS any', 'GET post-only', 'PUT post-only', 'DELETE post-only', 'HEAD post-only', 'TRACE', 'PROPFIND']);
      const [method, context] =
        variant === 'PATCH any' ? ['PATCH', anyCtx()] : variant === 'OPTIONS any' ? ['OPTIONS', anyCtx()] : variant.endsWith('post-only') ? [variant.split(' ')[0]!, ctx.json] : [variant, anyCtx()];
      return { variant, call: { method, path: `/inbound/${context}`, headers: { 'content-type': 'application/json' }, ...(method === 'GET' || method === 'HEAD' || method === 'TRACE' ? {} : { body: '{}' }) } };
    },
  },
  {
    name: 'unknown context',
    weight: 6,
    expect: [400, 404, 414],
    make: () => {
      const variant = pick(['random', 'long (4000)', 'dot-dot encoded', 'nested path', 'empty', 'percent garbage', 'null byte', 'unicode', 'known with suffix']);
      const path: Record<string, string> = {
        random: `/inbound/${ascii(12).replace(/[^a-z0-9]/gi, 'z')}`,
        'long (4000)': `/inbound/${'a'.repeat(4000)}`,
        'dot-dot encoded': `/inbound/%2e%2e%2f%2e%2e%2fhealth`,
        'nested path': `/inbound/${ctx.json}/extra`,
        empty: '/inbound/',
        'percent garbage': '/inbound/%zz%',
        'null byte': `/inbound/${ctx.json}%00`,
        unicode: `/inbound/${encodeURIComponent('ünïcödé-☃')}`,
        'known with suffix': `/inbound/${ctx.json}-nope`,
      };
      return { variant, call: { method: 'POST', path: path[variant]!, headers: { 'content-type': 'application/json' }, body: sampleBody() } };
    },
  },
  {
    name: 'odd headers',
    weight: 8,
    expect: [200, 400, 401, 415],
    make: () => {
      const body = sampleBody();
      const variants: [string, () => Record<string, string | string[]>][] = [
        ['gzip claimed, plain body', () => ({ 'content-type': 'application/json', 'content-encoding': 'gzip' })],
        ['expect 100-continue', () => ({ 'content-type': 'application/json', expect: '100-continue' })],
        ['x-forwarded garbage', () => ({ 'content-type': 'application/json', 'x-forwarded-host': ascii(40).replace(/\s/g, ''), 'x-forwarded-proto': 'javascript' })],
        ['content-type twice', () => ({ 'content-type': ['application/json', 'text/plain'] })],
        ['200 same-name headers', () => ({ 'content-type': 'application/json', 'x-dup': Array.from({ length: 200 }, (_, i) => String(i)) })],
        ['100 distinct headers', () => Object.fromEntries([['content-type', 'application/json'], ...Array.from({ length: 100 }, (_, i) => [`x-h${i}`, ascii(20)])])],
        ['content-type params garbage', () => ({ 'content-type': 'application/json;;;charset=;boundary="' })],
        ['latin1 header value', () => ({ 'content-type': 'application/json', 'x-name': 'caf\u00e9 \u00ff' })],
        ['__proto__ header', () => Object.fromEntries([['content-type', 'application/json'], ['__proto__', 'x'], ['constructor', 'y']]) as Record<string, string>],
      ];
      const [variant, h] = pick(variants);
      const context = rnd() < 0.7 ? ctx.json : anyCtx();
      return { variant, call: post(context, h(), body) };
    },
  },
  {
    name: 'huge header value',
    weight: 4,
    expect: [200, 401, 431],
    make: () => {
      const over = rnd() < 0.3;
      const size = over ? 17_000 + int(10_000) : 8_000 + int(7_000);
      const context = rnd() < 0.6 ? ctx.json : anyCtx();
      return { variant: over ? OVER_HEADER_LIMIT : '8-15 KB, within the limit', call: post(context, { 'content-type': 'application/json', 'x-big': 'v'.repeat(size) }, '{}') };
    },
  },
  {
    name: 'binary garbage body',
    weight: 6,
    expect: [200, 400, 401],
    make: () => {
      const type = pick(['application/octet-stream', 'application/json', 'text/plain', undefined, 'application/x-www-form-urlencoded']);
      return { variant: type ?? 'no content-type', call: post(anyCtx(), type ? { 'content-type': type } : {}, bytes(1 + int(4096))) };
    },
  },
  {
    name: 'query parameters',
    weight: 5,
    expect: [200, 401],
    make: () => {
      const variants: [string, () => string][] = [
        ['1000 repeated a=', () => `?${Array.from({ length: 1000 }, (_, i) => `a=${i}`).join('&')}`],
        ['6 KB value', () => `?q=${'x'.repeat(6000)}`],
        ['percent garbage', () => '?a=%zz&%=%%&b=%E0%A4%A'],
        ['__proto__ / constructor keys', () => '?__proto__=1&constructor=2&toString=3&__proto__[x]=4'],
        ['empty keys', () => '?&&=&=x&a'],
      ];
      const [variant, q] = pick(variants);
      const context = rnd() < 0.7 ? ctx.json : anyCtx();
      return { variant, call: post(context, { 'content-type': 'application/json' }, sampleBody(), q()) };
    },
  },
  {
    name: 'odd but valid JSON',
    weight: 5,
    expect: [200, 400, 401, 422],
    make: () => {
      const variants: [string, () => string][] = [
        ['arrays nested 2000 deep', () => `${'['.repeat(2000)}${']'.repeat(2000)}`],
        ['arrays nested 3000 deep', () => `${'['.repeat(3000)}${']'.repeat(3000)}`],
        ['arrays nested 5000 deep', () => `${'['.repeat(5000)}${']'.repeat(5000)}`],
        ['nested 400 objects deep', () => `${'{"a":'.repeat(400)}1${'}'.repeat(400)}`],
        ['5000 keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])))],
        ['__proto__ key', () => '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'],
        ['huge number', () => '{"n":1e400,"m":-1e400,"i":123456789012345678901234567890}'],
        ['top-level string', () => '"just a string"'],
        ['top-level null', () => 'null'],
        ['escaped lone surrogate', () => '{"s":"\\ud800"}'],
        ['empty body', () => ''],
      ];
      const [variant, b] = pick(variants);
      return { variant, call: post(ctx.json, { 'content-type': 'application/json' }, b()) };
    },
  },
  {
    name: 'raw TCP garbage',
    weight: 3,
    expect: [400, 431, -1],
    make: () => {
      const variants: [string, () => Buffer][] = [
        ['random bytes', () => bytes(64 + int(1024))],
        ['bad request line', () => Buffer.from(`POST /inbound/${ctx.json} HTTP/9.9\r\n\r\n`)],
        ['bad header line', () => Buffer.from(`POST /inbound/${ctx.json} HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n`)],
        ['conflicting lengths', () => Buffer.from(`POST /inbound/${ctx.json} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`)],
        ['bad chunk size', () => Buffer.from(`POST /inbound/${ctx.json} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`)],
      ];
      const [variant, b] = pick(variants);
      return { variant, raw: b() };
    },
  },
  {
    name: 'valid (control)',
    weight: 5,
    expect: [200],
    make: () => {
      const body = sampleBody();
      const which = pick(['hmac', 'basic', 'key', 'json'] as const);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (which === 'hmac') headers['x-signature'] = pick([sign(body), `sha256=${sign(body)}`, sign(body).toUpperCase()]);
      if (which === 'basic') headers.authorization = `Basic ${b64(`bench:${PASSWORD}`)}`;
      if (which === 'key') headers.authorization = `Bearer ${API_KEY}`;
      return { variant: which, call: post(ctx[which], headers, body) };
    },
  },
];

const totalWeight = KINDS.reduce((a, k) => a + k.weight, 0);
function nextKind(): Kind {
  let x = rnd() * totalWeight;
  for (const k of KINDS) if ((x -= k.weight) < 0) return k;
  return KINDS[KINDS.length - 1]!;
}

/** Raw bytes on a fresh TCP connection: the status of the answer, or -1 when the server closed without one. Bounded. */
function rawSend(port: number, data: Buffer, timeoutMs = 5000): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let got = '';
    let settled = false;
    const done = (r: { status: number; error?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ status: 0, error: 'no answer and no close within the timeout' }), timeoutMs);
    socket.on('connect', () => socket.write(data));
    socket.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      if (m) done({ status: Number(m[1]) });
    });
    socket.on('error', () => done({ status: -1 }));
    socket.on('close', () => done({ status: -1 }));
  });
}

// ---------------------------------------------------------------------------------------------

interface Tally {
  byKind: Map<string, Map<number, number>>;
  unexpected: Map<string, { count: number; example: string }>;
  fiveXx: { kind: string; variant: string; status: number; body: string }[];
  total: number;
}

let engine: Engine | undefined;

async function main(): Promise<void> {
  engine = await getEngine(values.engine as 'shared' | 'fresh');
  Object.assign(process.env, clientEnv(engine));
  const { Camunda8 } = await import('@camunda8/sdk');
  const zb = new Camunda8().getZeebeGrpcApiClient();
  const logDir = mkdtempSync(join(tmpdir(), 'connectorkit-bench-fuzz-'));
  let failures: string[] = [];
  try {
    const mapping = { resultExpression: '={body: request.body}' };
    const models: [string, Record<string, string>][] = [
      [
        pids.hmac,
        stockWebhook(ctx.hmac, {
          'inbound.shouldValidateHmac': 'enabled',
          'inbound.hmacSecret': '{{secrets.BENCH_FUZZ_HMAC}}',
          'inbound.hmacHeader': 'x-signature',
          'inbound.hmacAlgorithm': 'sha_256',
          ...mapping,
        }),
      ],
      [pids.basic, stockWebhook(ctx.basic, { 'inbound.auth.type': 'BASIC', 'inbound.auth.username': 'bench', 'inbound.auth.password': '{{secrets.BENCH_FUZZ_PASSWORD}}', ...mapping })],
      [pids.key, stockWebhook(ctx.key, { 'inbound.auth.type': 'APIKEY', 'inbound.auth.apiKey': '{{secrets.BENCH_FUZZ_KEY}}', ...mapping })],
      [pids.json, stockWebhook(ctx.json, { 'inbound.method': 'post', ...mapping })],
    ];
    for (const [pid, props] of models) await zb.deployResource({ name: `${pid}.bpmn`, process: Buffer.from(startModel(pid, props)) });

    const rt = await startRuntime({
      engine,
      ...(values['runtime-entry'] ? { entry: values['runtime-entry'] } : {}),
      logFile: join(logDir, 'runtime.log'),
      stateDir: logDir,
      nodeArgs: FORCE_GC ? ['--inspect=127.0.0.1:0'] : [],
      env: {
        CONNECTORKIT_WEBHOOK_MAX_BODY: String(MAX_BODY),
        SECRET_BENCH_FUZZ_HMAC: HMAC_SECRET,
        SECRET_BENCH_FUZZ_PASSWORD: PASSWORD,
        SECRET_BENCH_FUZZ_KEY: API_KEY,
      },
    });
    await waitActive(rt.url, Object.values(pids));
    console.log(`machine: ${cpus().length} cores, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`runtime pid ${rt.child.pid} ready; 4 webhooks ACTIVE; max body ${MAX_BODY} B; seed ${SEED}; forced GC before RSS samples: ${FORCE_GC ? 'yes' : 'no'}; logs in ${logDir}`);

    const agent = keepAliveAgent(CONCURRENCY);
    const tally: Tally = { byKind: new Map(), unexpected: new Map(), fiveXx: [], total: 0 };
    const send = async (): Promise<void> => {
      const kind = nextKind();
      const c = kind.make();
      // A request over Node's header limit gets Fastify's 431, written without `Connection: close`
      // before the socket is destroyed: it goes on a connection of its own, so that the next request
      // on a kept-alive socket is not reset by it (see BENCHMARKS.md).
      const own = c.variant === OVER_HEADER_LIMIT;
      const r = 'raw' in c ? await rawSend(rt.port, c.raw) : await http(rt.port, { ...c.call, tag: `${kind.name} / ${c.variant}` }, own ? false : agent, 15_000);
      tally.total++;
      const m = tally.byKind.get(kind.name) ?? new Map<number, number>();
      m.set(r.status, (m.get(r.status) ?? 0) + 1);
      tally.byKind.set(kind.name, m);
      const body = 'body' in r ? String(r.body).slice(0, 300) : '';
      if (r.status >= 500) tally.fiveXx.push({ kind: kind.name, variant: c.variant, status: r.status, body });
      if (!kind.expect.includes(r.status)) {
        const key = `${kind.name} / ${c.variant} -> ${r.status}`;
        const reusedAfter = 'reused' in r && r.reused ? ` (kept-alive socket; it served before: ${(r as HttpAnswer).previous ?? '?'})` : '';
        const why = 'error' in r && r.error ? `${r.error}${reusedAfter}` : body;
        const u = tally.unexpected.get(key) ?? { count: 0, example: why };
        u.count++;
        tally.unexpected.set(key, u);
      }
    };
    const drive = async (n: number) => {
      let next = 0;
      const t0 = performance.now();
      const deadline = Math.max(120_000, n * 50);
      const lane = async () => {
        while (next < n && performance.now() - t0 < deadline) {
          next++;
          await send();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
      return { sent: next, seconds: (performance.now() - t0) / 1000 };
    };
    const inspector = FORCE_GC ? inspectorUrl(join(logDir, 'runtime.log')) : undefined;
    if (FORCE_GC && !inspector) throw new Error('the runtime printed no inspector URL');
    /** RSS after a quiet pause (and a forced full GC): the lowest of 5 samples 1 s apart. */
    const settledRss = async () => {
      await sleep(PAUSE_S * 1000);
      if (inspector) {
        await collectGarbage(inspector);
        await collectGarbage(inspector);
        await sleep(1000);
      }
      const xs: number[] = [];
      for (let i = 0; i < 5; i++) {
        xs.push(currentRss(rt.child.pid) ?? NaN);
        await sleep(1000);
      }
      return Math.min(...xs);
    };
    const heapUsed = async () => {
      try {
        const text = await (await fetch(`${rt.url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
        const m = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
        return m ? Number(m[1]) : undefined;
      } catch {
        return undefined;
      }
    };

    // Warm-up: every kind once or more, so lazy code paths and pools exist before the start level.
    const warm = await drive(Math.min(500, REQUESTS));
    const rss0 = await settledRss();
    const heap0 = await heapUsed();
    console.log(`warm-up: ${warm.sent} requests; start level: RSS ${mb(rss0)}, heap used ${mb(heap0)}`);
    // The table and the assertions count the phases only (the warm-up's answers are not shown).
    if (tally.fiveXx.length) failures.push(`5xx already in the warm-up: ${tally.fiveXx.slice(0, 3).map((f) => `${f.kind} / ${f.variant} -> ${f.status}`).join('; ')}`);
    tally.byKind = new Map();
    tally.unexpected = new Map();
    tally.fiveXx = [];
    tally.total = 0;

    const perPhase = Math.ceil(REQUESTS / PHASES);
    const rssRows: string[][] = [['after', 'requests', 'seconds', 'req/s', 'RSS', 'vs start', 'heap used']];
    rssRows.push(['warm-up (start level)', String(warm.sent), warm.seconds.toFixed(1), (warm.sent / warm.seconds).toFixed(0), mb(rss0), '', mb(heap0)]);
    let peakDuring = 0;
    const peakTimer = setInterval(() => (peakDuring = Math.max(peakDuring, currentRss(rt.child.pid) ?? 0)), 250);
    let rssLast = rss0;
    for (let p = 1; p <= PHASES; p++) {
      const d = await drive(perPhase);
      const alive = rt.child.proc.exitCode === null && rt.child.proc.signalCode === null;
      if (!alive) {
        failures.push(`the runtime exited during phase ${p}`);
        break;
      }
      rssLast = await settledRss();
      const heap = await heapUsed();
      rssRows.push([`phase ${p}`, String(d.sent), d.seconds.toFixed(1), (d.sent / d.seconds).toFixed(0), mb(rssLast), `${((rssLast - rss0) / 1024 / 1024 >= 0 ? '+' : '')}${((rssLast - rss0) / 1024 / 1024).toFixed(1)} MB`, mb(heap)]);
      console.log(`phase ${p}: ${d.sent} requests in ${d.seconds.toFixed(1)} s; settled RSS ${mb(rssLast)}; heap used ${mb(heap)}`);
    }
    clearInterval(peakTimer);

    // The table: status codes per kind.
    const statuses = [...new Set([...tally.byKind.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    const label = (s: number) => (s === -1 ? 'closed' : s === 0 ? 'no answer' : String(s));
    const rows: string[][] = [['kind', ...statuses.map(label), 'total']];
    for (const k of KINDS) {
      const m = tally.byKind.get(k.name) ?? new Map<number, number>();
      rows.push([k.name, ...statuses.map((s) => String(m.get(s) ?? 0)), String([...m.values()].reduce((a, x) => a + x, 0))]);
    }
    rows.push(['all', ...statuses.map((s) => String([...tally.byKind.values()].reduce((a, m) => a + (m.get(s) ?? 0), 0))), String(tally.total)]);
    console.log('');
    console.log(table(rows));
    console.log('');
    console.log(table(rssRows));
    console.log(`peak RSS sampled during the fuzz: ${mb(peakDuring)}`);

    if (tally.unexpected.size) {
      console.log('\nanswers outside the expected set of their kind:');
      for (const [k, u] of tally.unexpected) console.log(`  ${String(u.count).padStart(5)}  ${k}   e.g. ${u.example.slice(0, 200)}`);
    }

    // Still serving? A valid request after the fuzz must answer 200.
    const body = sampleBody();
    const after = await http(rt.port, post(ctx.hmac, { 'content-type': 'application/json', 'x-signature': sign(body) }, body), false);
    const ready = await http(rt.port, { method: 'GET', path: '/health/ready' }, false);
    const alive = rt.child.proc.exitCode === null && rt.child.proc.signalCode === null;

    const five = tally.fiveXx.length;
    const noAnswer = [...tally.byKind.values()].reduce((a, m) => a + (m.get(0) ?? 0), 0);
    failures = [
      ...failures,
      ...(tally.total < REQUESTS ? [`only ${tally.total} of ${REQUESTS} requests were sent (deadline)`] : []),
      ...(five ? [`${five} answers were 5xx: ${tally.fiveXx.slice(0, 5).map((f) => `${f.kind} / ${f.variant} -> ${f.status} ${f.body}`).join('; ')}`] : []),
      ...(noAnswer ? [`${noAnswer} requests got no answer within 15 s`] : []),
      ...(alive ? [] : ['the runtime is not running']),
      ...(after.status === 200 ? [] : [`a valid request after the fuzz answered ${after.status} ${after.body}`]),
      ...(ready.status === 200 ? [] : [`/health/ready answered ${ready.status} after the fuzz`]),
      ...(rssLast - rss0 <= RSS_TOLERANCE_MB * 1024 * 1024 ? [] : [`RSS ${mb(rssLast)} is more than ${RSS_TOLERANCE_MB} MB above the start level ${mb(rss0)}`]),
    ];
    console.log('');
    console.log(`assert: zero 5xx: ${five === 0 ? 'yes' : `NO (${five})`}`);
    console.log(`assert: every request answered (or, for raw TCP, closed): ${noAnswer === 0 ? 'yes' : `NO (${noAnswer})`}`);
    console.log(`assert: runtime alive, ready and serving after the fuzz: ${alive && ready.status === 200 && after.status === 200 ? 'yes' : 'NO'}`);
    console.log(`assert: RSS back within ${RSS_TOLERANCE_MB} MB of the start (${mb(rss0)} -> ${mb(rssLast)}): ${rssLast - rss0 <= RSS_TOLERANCE_MB * 1024 * 1024 ? 'yes' : 'NO'}`);
    console.log(`answers outside the expected set of their kind: ${[...tally.unexpected.values()].reduce((a, u) => a + u.count, 0)}`);

    await stopChild(rt.child, 15_000);
    try {
      const counts = await instanceCounts(engine);
      const created = Object.values(pids).reduce((a, p) => a + (counts.get(p) ?? 0), 0);
      const valid = tally.byKind.get('valid (control)')?.get(200) ?? 0;
      console.log(`instances created by the four webhooks: ${created} (warm-up, phases and the final check; valid control requests answered 200 in the phases: ${valid})`);
    } catch (e) {
      // A body nested deeper than 1000 that the engine accepted makes its /records answer 500 (Jackson's nesting limit).
      console.log(`instances created: the engine's /records could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
  } finally {
    await zb.close(2000).catch(() => undefined);
  }
  if (failures.length) {
    console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('\nPASSED');
  }
}

runBenchmark('fuzz', main, () => engine);
