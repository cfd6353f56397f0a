/**
 * Inbound discovery cost (issue #7), run by hand:
 *
 *   npx tsx tools/bench/src/discovery.ts [options]        (from the repository root)
 *   npm run bench:discovery -- [options]                   (from tools/bench)
 *
 * Deploys `--definitions` process definitions (a mix with and without inbound elements) to an
 * engine, starts the built runtime with LOG_LEVEL=debug and its REST address pointing at a
 * counting proxy in front of the engine, and reports: each discovery round's time (from the
 * runtime's `discovery round` log lines), the XML reads and searches per round (counted by the
 * proxy), that each definition's XML was read once; then deploys a few more definitions and
 * checks that the next round reads only those. Also times `POST /v2/process-definitions/search`
 * pages of 200 directly on the engine.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  catchModel,
  clientEnv,
  fmt,
  getEngine,
  inboundList,
  median,
  percentile,
  sleep,
  startModel,
  startRuntime,
  stockWebhook,
  table,
  taskModel,
  whole,
  type Engine,
  runBenchmark,
} from './inbound-kit.js';
import { stopChild } from './proc.js';

const USAGE = `Usage: npx tsx tools/bench/src/discovery.ts [options]

Options:
  --definitions N   process definitions to deploy first (default 500): of every 10, 4 have a webhook
                    start event, 1 an intermediate webhook catch event, 5 no inbound element
  --rounds N        discovery rounds to watch after the first (default 10)
  --added N         definitions deployed while the runtime runs, after those rounds (default 10)
  --searches N      timed searches (limit 200) directly on the engine (default 30)
  --engine E        fresh (default: a private engine on free ports, stopped at the end) or shared
  --runtime-entry F the runtime CLI (default packages/runtime/dist/cli/main.js)
  --help`;

const { values } = parseArgs({
  options: {
    definitions: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '10' },
    added: { type: 'string', default: '10' },
    searches: { type: 'string', default: '30' },
    engine: { type: 'string', default: 'fresh' },
    'runtime-entry': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const DEFINITIONS = whole('definitions', values.definitions, 1, 20_000, USAGE);
const ROUNDS = whole('rounds', values.rounds, 1, 200, USAGE);
const ADDED = whole('added', values.added, 0, 1000, USAGE);
const SEARCHES = whole('searches', values.searches, 0, 1000, USAGE);
if (values.engine !== 'shared' && values.engine !== 'fresh') {
  console.error(USAGE);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// A counting proxy in front of the engine's REST port: every request is forwarded as is.

interface Hit {
  at: number;
  kind: 'search' | 'xml' | 'other';
  key?: string;
  ms: number;
  status: number;
}

function countingProxy(target: URL): Promise<{ url: string; hits: Hit[]; close(): void }> {
  const hits: Hit[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const t0 = performance.now();
    const path = req.url ?? '/';
    const xml = /\/v2\/process-definitions\/([^/?]+)\/xml/.exec(path);
    const kind: Hit['kind'] = xml ? 'xml' : /\/v2\/process-definitions\/search/.test(path) ? 'search' : 'other';
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on('end', () => hits.push({ at: Date.now(), kind, ...(xml ? { key: xml[1]! } : {}), ms: performance.now() - t0, status: up.statusCode ?? 0 }));
      },
    );
    upstream.setTimeout(30_000, () => upstream.destroy(new Error('engine did not answer')));
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, hits, close: () => server.close() });
    });
  });
}

interface RoundLine {
  at: number;
  definitions: number;
  elements: number;
  ms: number;
}

/** The `discovery round` debug lines of the runtime's JSON log so far. */
function roundLines(logFile: string): RoundLine[] {
  const out: RoundLine[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{') || !line.includes('discovery round')) continue;
    try {
      const r = JSON.parse(line) as { msg?: string; time?: string | number; definitions?: number; elements?: number; ms?: number };
      if (r.msg === 'discovery round') out.push({ at: new Date(r.time ?? 0).getTime(), definitions: r.definitions ?? NaN, elements: r.elements ?? NaN, ms: r.ms ?? NaN });
    } catch {
      // not a log line
    }
  }
  return out;
}

let engine: Engine | undefined;

async function main(): Promise<void> {
  console.log(values.engine === 'fresh' ? 'starting a private engine...' : 'using the shared engine...');
  engine = await getEngine(values.engine as 'shared' | 'fresh');
  Object.assign(process.env, clientEnv(engine));
  const { Camunda8 } = await import('@camunda8/sdk');
  const zb = new Camunda8().getZeebeGrpcApiClient();
  const logDir = mkdtempSync(join(tmpdir(), 'connectorkit-bench-discovery-'));
  const proxy = await countingProxy(new URL(engine.httpBase));
  try {
    const run = Date.now().toString(36);
    let webhooks = 0;
    let catches = 0;
    const deploy = async (i: number, version = '') => {
      const pid = `disc_${i}_${run}`;
      const slot = i % 10;
      const xml =
        slot < 4
          ? startModel(pid, stockWebhook(`disc-${i}-${run}${version}`, { resultExpression: '={body: request.body}' }))
          : slot === 4
            ? catchModel(pid, `disc-msg-${i}-${run}`, stockWebhook(`disc-${i}-${run}${version}`, { correlationKeyExpression: '=request.body.orderId' }))
            : taskModel(pid, `disc:task:${i}${version}`);
      if (slot < 4) webhooks++;
      if (slot === 4) catches++;
      await zb.deployResource({ name: `${pid}.bpmn`, process: Buffer.from(xml) });
    };
    const d0 = performance.now();
    for (let i = 0; i < DEFINITIONS; i++) await deploy(i);
    const deploySeconds = (performance.now() - d0) / 1000;
    console.log(`deployed ${DEFINITIONS} definitions in ${deploySeconds.toFixed(1)} s (${webhooks} with a webhook start event, ${catches} with a webhook catch event, the rest without inbound elements)`);
    console.log(`machine: ${cpus().length} cores, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; logs in ${logDir}`);

    // The search on its own, directly on the engine: the runtime's request, limit 200, then `after` pages.
    if (SEARCHES > 0) {
      const first: number[] = [];
      const full: number[] = [];
      for (let s = 0; s < SEARCHES; s++) {
        let after: string | undefined;
        const t0 = performance.now();
        for (let page = 0; page < 100; page++) {
          const p0 = performance.now();
          const res = await fetch(`${engine.httpBase}/v2/process-definitions/search`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ sort: [], filter: {}, page: { limit: 200, ...(after ? { after } : {}) } }),
            signal: AbortSignal.timeout(30_000),
          });
          const body = (await res.json()) as { items: unknown[]; page: { endCursor?: string } };
          if (page === 0) first.push(performance.now() - p0);
          if (body.items.length < 200 || !body.page.endCursor) break;
          after = body.page.endCursor;
        }
        full.push(performance.now() - t0);
      }
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      console.log(
        `engine search, one page of 200: median ${fmt(median(first), 1)} ms, p90 ${fmt(percentile(sorted(first), 90), 1)} ms; ` +
          `all ${DEFINITIONS} (pages of 200 until a short page): median ${fmt(median(full), 1)} ms, p90 ${fmt(percentile(sorted(full), 90), 1)} ms (${SEARCHES} times each)`,
      );
    }

    const logFile = join(logDir, 'runtime.log');
    const t0 = Date.now();
    const rt = await startRuntime({
      engine,
      restAddress: proxy.url,
      ...(values['runtime-entry'] ? { entry: values['runtime-entry'] } : {}),
      logFile,
      stateDir: logDir,
      env: { LOG_LEVEL: 'debug' },
    });
    const expected = webhooks + catches;
    // Until every inbound element is ACTIVE on /inbound (bounded).
    let activeAt: number | undefined;
    for (const deadline = Date.now() + 180_000; Date.now() < deadline; ) {
      const list = await inboundList(rt.url).catch(() => []);
      if (list.filter((e) => e.status === 'ACTIVE').length >= expected) {
        activeAt = Date.now();
        break;
      }
      await sleep(100);
    }
    // Wait for ROUNDS more rounds (bounded).
    for (const deadline = Date.now() + 60_000 + ROUNDS * 5000; Date.now() < deadline && roundLines(logFile).length < ROUNDS + 1; ) await sleep(200);

    // Deploy more while it runs: the next round reads those only.
    const addStart = Date.now();
    for (let i = DEFINITIONS; i < DEFINITIONS + ADDED; i++) await deploy(i);
    const addedAt = Date.now();
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && roundLines(logFile).filter((r) => r.at > addedAt).length < 3; ) await sleep(200);
    const all = roundLines(logFile);
    const list = await inboundList(rt.url);
    await stopChild(rt.child, 15_000);

    // Assign each proxied request to the round whose log line came first after it.
    const perRound = all.map((r, i) => {
      const from = i === 0 ? 0 : all[i - 1]!.at;
      const mine = proxy.hits.filter((h) => h.at > from && h.at <= r.at);
      return { ...r, xml: mine.filter((h) => h.kind === 'xml').length, searches: mine.filter((h) => h.kind === 'search').length };
    });
    const rows: string[][] = [['round', 'definitions', 'inbound elements', 'ms', 'XML reads', 'searches']];
    perRound.forEach((r, i) => rows.push([String(i + 1) + (r.at > addStart && perRound[i - 1] && perRound[i - 1]!.at <= addStart ? ` (${ADDED} deployed meanwhile)` : ''), String(r.definitions), String(r.elements), String(r.ms), String(r.xml), String(r.searches)]));
    console.log('');
    console.log(table(rows));

    const xmlHits = proxy.hits.filter((h) => h.kind === 'xml');
    const perKey = new Map<string, number>();
    for (const h of xmlHits) perKey.set(h.key!, (perKey.get(h.key!) ?? 0) + 1);
    const twice = [...perKey.values()].filter((n) => n > 1).length;
    const firstRound = perRound[0];
    const steady = perRound.slice(1).filter((r) => r.at <= addStart);
    const afterAdd = perRound.filter((r) => r.at > addStart);
    console.log('');
    console.log(
      `runtime: ready ${rt.readyMs} ms after spawn; every inbound element ACTIVE (${expected}) ${activeAt ? `${activeAt - t0} ms after spawn` : 'NOT within 180 s'}; ` +
        `${list.filter((e) => e.status === 'ACTIVE').length} ACTIVE at the end (${expected + Math.round((ADDED * 5) / 10)} expected)`,
    );
    if (firstRound) console.log(`first round: ${firstRound.definitions} definitions, ${firstRound.elements} inbound elements, ${firstRound.ms} ms, ${firstRound.xml} XML reads, ${firstRound.searches} searches`);
    if (steady.length)
      console.log(
        `following rounds (${steady.length}, listing only): median ${fmt(median(steady.map((r) => r.ms)), 0)} ms (min ${Math.min(...steady.map((r) => r.ms))}, max ${Math.max(...steady.map((r) => r.ms))}), ` +
          `XML reads ${steady.reduce((a, r) => a + r.xml, 0)} in all, ${fmt(median(steady.map((r) => r.searches)), 0)} searches per round`,
      );
    if (afterAdd.length)
      console.log(`rounds from the start of the ${ADDED} new deploys on: XML reads per round ${afterAdd.map((r) => r.xml).join(', ')} (round times ${afterAdd.map((r) => r.ms).join(', ')} ms)`);
    console.log(
      `XML reads in all: ${xmlHits.length} for ${perKey.size} distinct definitions (${DEFINITIONS + ADDED} deployed); read more than once: ${twice}; ` +
        `median XML read through the proxy ${fmt(median(xmlHits.map((h) => h.ms)), 1)} ms, median search ${fmt(median(proxy.hits.filter((h) => h.kind === 'search').map((h) => h.ms)), 1)} ms`,
    );
    const ok = twice === 0 && perKey.size === DEFINITIONS + ADDED && steady.every((r) => r.xml === 0);
    console.log(`each definition's XML read once, not once per round: ${ok ? 'yes' : 'NO'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    proxy.close();
    await zb.close(2000).catch(() => undefined);
  }
}

runBenchmark('benchmark', main, () => engine);
