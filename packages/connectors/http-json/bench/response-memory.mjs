/**
 * Peak RSS with many concurrent large responses, through the built connector (dist/):
 *
 *   cd packages/connectors/http-json && npx tsc -p tsconfig.lib.json
 *   node bench/response-memory.mjs [--concurrency 32] [--size-mb 45] [--budget 256MB|unlimited]
 *
 * A local server answers every request with a body of --size-mb megabytes of text (sent in 1 MB
 * chunks); --concurrency executions of the connector run at once, with the response format TEXT
 * (no JSON parsing). RSS and heap + external memory are sampled every 10 ms. Prints one JSON line.
 * `--budget unlimited` switches the shared budget off (only the 50 MB per-response limit applies).
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { runOutbound } from '@connectorkit/sdk/testing';
import { createHttpJsonConnector } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '32' },
    'size-mb': { type: 'string', default: '45' },
    budget: { type: 'string', default: '256MB' },
    // Diagnosis: collect garbage every 50 ms (needs node --expose-gc), so the peaks show what is retained.
    'force-gc': { type: 'boolean', default: false },
  },
});
const concurrency = Number(values.concurrency);
const sizeMb = Number(values['size-mb']);
const MB = 1024 * 1024;
const chunk = Buffer.alloc(MB, 'a');

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  let sent = 0;
  const more = () => {
    while (sent < sizeMb) {
      sent++;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end();
  };
  more();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/large`;

const env = values.budget === 'unlimited' ? {} : { CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY: values.budget };
const rest = createHttpJsonConnector({
  env,
  ...(values.budget === 'unlimited' ? { maxResponseMemoryBytes: Number.MAX_SAFE_INTEGER } : {}),
});

globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
let peakJs = 0;
const sample = () => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  // What the JavaScript side holds (heap + buffers), garbage not yet collected included.
  peakJs = Math.max(peakJs, m.heapUsed + m.external);
};
const sampler = setInterval(sample, 10);
const collector = values['force-gc'] && globalThis.gc ? setInterval(() => globalThis.gc(), 50) : undefined;

const started = Date.now();
const results = await Promise.allSettled(
  Array.from({ length: concurrency }, () =>
    runOutbound(rest, { variables: { url, documentReturnFormat: { choice: 'TEXT' }, readTimeoutInSeconds: 120 } }).then((r) => r.body.length),
  ),
);
const elapsedMs = Date.now() - started;
clearInterval(sampler);
clearInterval(collector);
sample();
server.close();

const codes = {};
for (const r of results) {
  const key = r.status === 'fulfilled' ? 'ok' : (r.reason?.code ?? 'error');
  codes[key] = (codes[key] ?? 0) + 1;
}
console.log(
  JSON.stringify({
    node: process.version,
    concurrency,
    sizeMb,
    budget: values.budget,
    forcedGc: values['force-gc'],
    baselineRssMb: Math.round(baseline / MB),
    peakRssMb: Math.round(peak / MB),
    peakHeapPlusExternalMb: Math.round(peakJs / MB),
    outcomes: codes,
    elapsedMs,
  }),
);
process.exit(0);
