// Per-job CPU of the REST connector's path in the runtime without an engine (issue #15): the
// runtime's executeJob (binding, validation, the http-json connector, resultExpression) against
// a plain `axios.get` with the same two fields picked, both against one small JSON server in this
// process, 32 jobs at a time. Runs the BUILT packages with plain node:
//
//   npx nx run-many -t build && node tools/bench/src/rest-micro.mjs [jobs=20000] [bare|runtime]
//
// Prints µs of CPU per job (this process: the server's share is in both figures), two rounds each.
import http from 'node:http';
import axios from 'axios';
import { createLogger, envSecretProvider } from '@connectorkit/runtime';
import { executeJob } from '@connectorkit/runtime/internals';

const connectorModule = await import('@connectorkit/connector-http-json');
const connector = Object.values(connectorModule).find((c) => c && typeof c === 'object' && 'execute' in c && 'type' in c);
if (!connector) throw new Error('no connector definition exported by @connectorkit/connector-http-json');

const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ name: 'Ada Lovelace', tier: 'gold', id: 42, since: '2020-01-01' }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/customer`;
const logger = createLogger({ level: 'info', destination: { write() {} } });
const secrets = envSecretProvider();

let seq = 0;
const job = () => ({
  info: {
    key: String(2251799813685248 + seq++),
    type: 'bench:rest-micro',
    processInstanceKey: '1',
    processDefinitionKey: '2',
    bpmnProcessId: 'bench',
    elementId: 'task',
    elementInstanceKey: '3',
    retries: 3,
    deadline: Date.now() + 300_000,
    customHeaders: { resultExpression: '={customerName: response.body.name, customerTier: response.body.tier}' },
  },
  variables: { authentication: { type: 'noAuth' }, method: 'GET', url, connectionTimeoutInSeconds: 20, readTimeoutInSeconds: 20 },
});

const JOBS = Number(process.argv[2] ?? 20_000);
const ONLY = process.argv[3];
const CONCURRENCY = 32;

async function drive(n, one) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < n) await one();
  }));
}

const runtimeJob = async () => {
  const outcome = await executeJob(connector, job(), { secrets, logger, signal: new AbortController().signal });
  if (outcome.action !== 'complete') throw new Error(`the job did not complete: ${JSON.stringify(outcome)}`);
};
const bareJob = async () => {
  const res = await axios.get(url, { timeout: 20_000 });
  return { customerName: res.data.name, customerTier: res.data.tier };
};

async function measure(name, one) {
  await drive(Math.ceil(JOBS / 4), one);
  const before = process.cpuUsage();
  await drive(JOBS, one);
  const used = process.cpuUsage(before);
  console.log(`${name.padEnd(8)} ${((used.user + used.system) / JOBS).toFixed(1).padStart(7)} µs CPU per job`);
}

for (let round = 0; round < 2; round++) {
  if (ONLY !== 'runtime') await measure('bare', bareJob);
  if (ONLY !== 'bare') await measure('runtime', runtimeJob);
}
server.close();
process.exit(0);
