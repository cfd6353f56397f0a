#!/usr/bin/env node
// `npm start`: builds the runtime and the connectors, starts the local engine (unless
// ZEEBE_GRPC_ADDRESS names one), the example's greeting service and the runtime with every
// connector of the workspace, deploys the models of examples/, and says what to do next.
// Ctrl-C stops everything it started. Options: --skip-build (use the last build as it is).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startGreetingService } from './greeting-service.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CLI = resolve(ROOT, 'packages/runtime/bin/connectors.js');
const ENGINE_TOOL = resolve(ROOT, 'tools/engine/engine.mjs');
const PROCESS_ID = 'example-greeting';
const WEBHOOK_CONTEXT = 'example-greeting';

const began = Date.now();
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (t) => (color ? `\u001b[1m${t}\u001b[0m` : t);
const say = (line) => process.stdout.write(`${bold('start:')} ${line}\n`);
const seconds = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const args = process.argv.slice(2);
for (const a of args) {
  if (a !== '--skip-build') {
    process.stderr.write(`start: unknown option ${a} (known: --skip-build)\n`);
    process.exit(2);
  }
}

let engine; // { started, ... } when this script asked for the local engine
let engineTool;
let greeting;
let runtime;
let runtimeExited;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  if (runtime && runtime.exitCode === null && runtime.signalCode === null) {
    say('stopping the runtime (SIGTERM)...');
    runtime.kill('SIGTERM');
    await Promise.race([runtimeExited, sleep(45_000)]);
  }
  await greeting?.close();
  if (engine?.started) {
    say('stopping the local engine this script started...');
    await engineTool.stopEngine().catch((e) => say(`could not stop the engine: ${e.message}`));
  }
  say('stopped');
  process.exit(code);
}

/** Never resolves: the flow ends here while stopAll finishes and exits. */
const forever = () => new Promise(() => {});

function fail(message) {
  if (!stopping) process.stderr.write(`start: ${message}\n`);
  void stopAll(1);
  return forever();
}

// A second Ctrl-C passes a second SIGTERM on: the runtime then ends at once.
process.on('SIGINT', () => (stopping ? runtime?.kill('SIGTERM') : void stopAll(0)));
process.on('SIGTERM', () => void stopAll(0));
// The runtime runs in its own process group (so a Ctrl-C reaches it once, through us): never leave it behind.
process.on('exit', () => {
  if (runtime && runtime.exitCode === null && runtime.signalCode === null) runtime.kill('SIGTERM');
});

// 1. Build what runs (Nx caches: after the first time this takes a few seconds).
if (!args.includes('--skip-build')) {
  const t = Date.now();
  say('building the runtime and the connectors (nx run-many -t build)...');
  const nxPackage = createRequire(resolve(ROOT, 'package.json')).resolve('nx/package.json');
  const nx = resolve(dirname(nxPackage), JSON.parse(readFileSync(nxPackage, 'utf8')).bin.nx);
  const build = spawnSync(process.execPath, [nx, 'run-many', '-t', 'build', '--projects=@connectorkit/runtime,tag:scope:connector', '--outputStyle=static'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_TUI: 'false' },
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}`);
    process.stderr.write('start: the build failed (output above)\n');
    process.exit(1);
  }
  say(`built in ${seconds(t)}`);
} else if (!existsSync(resolve(ROOT, 'packages/runtime/dist/cli/main.js'))) {
  process.stderr.write('start: --skip-build, but nothing is built yet: run npm run build first\n');
  process.exit(1);
}

// 2. The engine: the one configured, else the local one of tools/engine.
const env = { ...process.env };
if (env.ZEEBE_GRPC_ADDRESS) {
  say(`using the engine of ZEEBE_GRPC_ADDRESS=${env.ZEEBE_GRPC_ADDRESS} (not starting the local one)`);
  if (!env.ZEEBE_REST_ADDRESS && !env.CAMUNDA_REST_ADDRESS) {
    say('ZEEBE_REST_ADDRESS is not set: inbound connectors (the webhook of the example) stay off');
  }
} else {
  const t = Date.now();
  say('starting the local engine (tools/engine; the first time Maven fetches it, about 130 MB)...');
  try {
    engineTool = await import(pathToFileURL(ENGINE_TOOL).href);
    engine = await engineTool.ensureEngine();
  } catch (e) {
    await fail(
      `the local engine could not be started: ${e instanceof Error ? e.message : String(e)}\n` +
        '  It needs a JDK 21+ and Maven (see tools/engine/README.md), or point ZEEBE_GRPC_ADDRESS at an engine of yours.',
    );
  }
  const http = new URL(engine.healthUrl).origin;
  env.ZEEBE_GRPC_ADDRESS = engine.grpcAddress;
  env.ZEEBE_REST_ADDRESS = http;
  env.CAMUNDA_AUTH_STRATEGY = 'NONE';
  say(`engine ${engine.started ? `started in ${seconds(t)}` : 'already running, reused'}: ${engine.grpcAddress} (REST and records on ${http})`);
}

// 3. The example's third-party service, on this machine.
greeting = await startGreetingService({ onRequest: (name, body) => say(`the greeting service was called for ${JSON.stringify(name)} and answered ${JSON.stringify(body)}`) });
env.SECRET_EXAMPLE_API_URL = greeting.url; // {{secrets.EXAMPLE_API_URL}} in examples/greeting.bpmn
say(`greeting service on ${greeting.url} (the REST task's {{secrets.EXAMPLE_API_URL}})`);

// 4. The runtime, with every connector of the workspace (discovery finds them in node_modules).
env.CONNECTORKIT_HTTP_HOST ||= '127.0.0.1';
env.CONNECTORKIT_HTTP_PORT ||= '8080';
const base = `http://${env.CONNECTORKIT_HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : env.CONNECTORKIT_HTTP_HOST}:${env.CONNECTORKIT_HTTP_PORT}`;
say(`starting the runtime: connectors start (on ${base})`);
runtime = spawn(process.execPath, [CLI, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
runtimeExited = new Promise((r) => runtime.once('exit', r));
runtime.once('exit', (code, signal) => {
  if (!stopping) void fail(`the runtime stopped (${signal ?? `exit code ${code}`}); its messages are above`);
});

async function getJson(url) {
  // The runtime's management endpoints (GET /inbound) may be behind CONNECTORKIT_MANAGEMENT_TOKEN.
  const token = env.CONNECTORKIT_MANAGEMENT_TOKEN;
  const headers = token && url.startsWith(base) ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

async function waitFor(what, probe, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (!stopping) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) return undefined;
    await sleep(250);
  }
  return undefined;
}

// Ready enough to deploy: the engine answers and the workers run (inbound readiness comes after the deployment).
const up = async () => {
  const { body } = await getJson(`${base}/health/ready`);
  return body?.components?.engine?.status === 'UP' && body?.components?.workers?.status === 'UP';
};
if (!(await waitFor('the runtime', up, 120_000))) {
  await fail(`the runtime did not connect to the engine within 120 s (${base}/health/ready)`);
}

// 5. The example models.
const deployed = spawnSync(process.execPath, [CLI, 'deploy', HERE], { cwd: ROOT, env, stdio: 'inherit' });
if (deployed.status !== 0) await fail('deploying the examples failed (message above)');

// 6. The webhook is live once the runtime's discovery has seen the deployment.
const webhookUp = await waitFor(
  'the webhook',
  async () => {
    const { body } = await getJson(`${base}/inbound?bpmnProcessId=${PROCESS_ID}`);
    return Array.isArray(body) && body.some((c) => c.webhookContext === WEBHOOK_CONTEXT && c.status === 'ACTIVE');
  },
  30_000,
);
if (stopping) await forever();
const webhook = `${base}/inbound/${WEBHOOK_CONTEXT}`;
const records = engine ? `${new URL(engine.healthUrl).origin}/records` : undefined;
const lines = [
  '',
  bold(`Ready in ${seconds(began)}.`) + (webhookUp ? '' : ` But the webhook is not active: see ${base}/inbound and the runtime's messages above.`),
  '',
  'Start the example process through its webhook:',
  '',
  `  curl -X POST ${webhook} -H 'content-type: application/json' -d '{"name":"Ada"}'`,
  '',
  `The webhook starts process ${PROCESS_ID} (examples/greeting.bpmn) and answers its processInstanceKey.`,
  `Its REST task (io.camunda:http-json:1) calls the greeting service on ${greeting.url};`,
  'the result lands in the variable `greeting`, and this script prints it when the instance completes' +
    (records ? `\n(the engine's records: ${records}?valueType=VARIABLE).` : '.'),
  '',
  `Runtime: ${base}/health/ready, ${base}/connectors/outbound, ${base}/inbound, ${base}/metrics`,
  `Deploy your own models: npm run connectors -- deploy path/to/model.bpmn  (${relative(process.cwd(), HERE) || '.'} holds the example)`,
  `Ctrl-C stops the runtime${engine?.started ? ', the greeting service and the engine' : ' and the greeting service'}.`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

// 7. With the local engine, report each completed instance of the example with its result.
if (records) {
  const seen = new Set();
  let first = true;
  while (!stopping) {
    try {
      const { body: done } = await getJson(`${records}?valueType=PROCESS_INSTANCE`);
      const completed = (done ?? []).filter(
        (r) => r.intent === 'ELEMENT_COMPLETED' && r.value?.bpmnElementType === 'PROCESS' && r.value?.bpmnProcessId === PROCESS_ID,
      );
      const fresh = completed.filter((r) => !seen.has(String(r.key)));
      for (const r of fresh) seen.add(String(r.key));
      if (!first && fresh.length > 0) {
        const { body: vars } = await getJson(`${records}?valueType=VARIABLE`);
        for (const r of fresh) {
          const value = (vars ?? []).filter((v) => String(v.value?.processInstanceKey) === String(r.key) && v.value?.name === 'greeting').at(-1)?.value?.value;
          say(`process instance ${r.key} of ${PROCESS_ID} completed: greeting = ${value ?? '(not set)'}`);
        }
      }
      first = false;
    } catch {
      // the engine is restarting or busy: try again
    }
    await sleep(1000);
  }
}
