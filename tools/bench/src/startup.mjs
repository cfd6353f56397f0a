// Start-up only (issue #15): starts the BUILT runtime (plain node, discovery on from the repository
// root, so every connector package of the workspace loads) and the bare @camunda8/sdk worker
// (lean-bare.mjs) one after the other, --runs times each, against a running engine, and prints the
// median time to ready and RSS when ready of both, and when the runtime reached each line of its
// log (LOG_LEVEL=debug). Quicker than lean.ts for trying a start-up change; lean.ts stays the
// measure of record. Run by hand from the repository root, after a build, with an engine running:
//
//   node tools/engine/engine.mjs start && node tools/bench/src/startup.mjs [--runs 9] [--address grpc://localhost:26500]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, address: { type: 'string', default: 'grpc://localhost:26500' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log('Usage: node tools/bench/src/startup.mjs [--runs N (default 9)] [--address grpc://host:port (default grpc://localhost:26500)] [--json (one JSON line of medians and values, for lean.ts)]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
  console.error(`--runs must be a whole number from 1 to 100, got '${values.runs}'`);
  process.exit(2);
}
const entry = join(root, 'packages', 'runtime', 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'connectorkit-startup-'));
const env = { ...process.env, ZEEBE_GRPC_ADDRESS: values.address, CAMUNDA_AUTH_STRATEGY: 'NONE', ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: 'false' };
delete env.ZEEBE_REST_ADDRESS;
delete env.CAMUNDA_REST_ADDRESS;
for (const k of Object.keys(env)) if (k.startsWith('CONNECTORKIT_')) delete env[k];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

async function startOnce(kind) {
  const port = await freePort();
  const t0 = Date.now();
  const args = kind === 'runtime' ? [entry, 'start'] : [join(root, 'tools', 'bench', 'src', 'lean-bare.mjs'), '--type', `bench:startup:${t0}`, '--max-jobs', '32'];
  const childEnv =
    kind === 'runtime'
      ? { ...env, LOG_LEVEL: 'debug', CONNECTORKIT_HTTP_HOST: '127.0.0.1', CONNECTORKIT_HTTP_PORT: String(port), CONNECTORKIT_STATE_URL: `sqlite:${join(dir, `${t0}.db`)}` }
      : env;
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.on('exit', r));
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`${kind} exited before it was ready:\n${out}`);
    if (Date.now() - t0 > 60_000) throw new Error(`${kind} not ready within 60 s:\n${out}`);
    if (kind === 'bare') {
      if (out.includes('READY')) break;
    } else {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
    }
    await sleep(5);
  }
  const row = { ready: Date.now() - t0, rss: rssMb(child.pid) };
  await sleep(kind === 'runtime' ? 1500 : 200); // the runtime's warm-up after ready, to see it in the log
  child.kill('SIGTERM');
  await exited;
  if (kind === 'runtime') {
    for (const line of out.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const j = JSON.parse(line);
        const mark = String(j.msg).replace(/\d+/g, 'N').slice(0, 40);
        if (!(mark in row)) row[mark] = Date.parse(j.time) - t0;
      } catch {
        // not a log line
      }
    }
  }
  return row;
}

const rows = { runtime: [], bare: [] };
try {
  for (let i = 0; i < runs; i++) for (const kind of i % 2 ? ['bare', 'runtime'] : ['runtime', 'bare']) rows[kind].push(await startOnce(kind));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (values.json) {
  const summary = (r) => ({ readyMs: median(r.map((x) => x.ready)), readyValues: r.map((x) => x.ready), rssMb: median(r.map((x) => x.rss)) });
  console.log(JSON.stringify({ runs, runtime: summary(rows.runtime), bare: summary(rows.bare) }));
  process.exit(0);
}
console.log(`${runs} starts each, engine ${values.address}, Node ${process.version}; medians (all values in brackets)`);
for (const kind of ['runtime', 'bare']) {
  const r = rows[kind];
  console.log(`${kind.padEnd(8)} time to ready ${median(r.map((x) => x.ready))} ms [${r.map((x) => x.ready).join(' ')}], RSS when ready ${median(r.map((x) => x.rss)).toFixed(1)} MB`);
}
console.log('runtime log lines, ms after spawn (the first of each message):');
const marks = [...new Set(rows.runtime.flatMap((r) => Object.keys(r)).filter((k) => k !== 'ready' && k !== 'rss'))];
const lines = marks.map((m) => [median(rows.runtime.map((r) => r[m]).filter((x) => x !== undefined)), m]).sort((a, b) => a[0] - b[0]);
for (const [ms, m] of lines) if (!m.startsWith('stopping') && !m.includes('stopped')) console.log(`  ${String(ms).padStart(6)}  ${m}`);
