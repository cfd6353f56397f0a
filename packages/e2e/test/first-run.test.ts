import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

let child: ChildProcess | undefined;
let output = '';

async function until(what: string, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const m = pattern.exec(output);
    if (m) return m;
    if (child?.exitCode !== null && child?.exitCode !== undefined) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`gave up waiting for ${what}; npm start wrote:\n${output.slice(-4000)}`);
}

afterAll(async () => {
  // SIGTERM lets the script stop the runtime it started (its own process group); SIGKILL would orphan it.
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child!.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 50_000))]);
}, 60_000);

/**
 * What the README's Quick start promises after `npm ci`: `npm start` (examples/start.mjs) builds,
 * takes the local engine (here the e2e one, which it finds running and leaves running), starts the
 * runtime with every connector, deploys examples/, and the printed curl line starts the example;
 * its REST task calls the greeting service and the script reports the result. Ctrl-C stops it.
 */
describe('first run: npm start', () => {
  it('is ready with a webhook that starts the example, reports the result, and stops on SIGINT', async () => {
    const engine = inject('engine');
    const grpcPort = new URL(engine.grpcAddress).port;
    const healthPort = new URL(engine.httpBase).port;
    const httpPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CONNECTORS_ENGINE_GRPC_PORT: grpcPort,
      CONNECTORS_ENGINE_HEALTH_PORT: healthPort,
      CONNECTORKIT_HTTP_PORT: String(httpPort),
      LOG_LEVEL: 'warn',
      NX_DAEMON: 'false',
      NX_TUI: 'false',
    };
    delete env.ZEEBE_GRPC_ADDRESS; // as on a fresh clone: the script finds the local engine itself
    delete env.ZEEBE_REST_ADDRESS;
    child = spawn(process.execPath, [resolve(ROOT, 'examples/start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

    await until('"Ready"', /Ready in [\d.]+ s\./, 240_000);
    expect(output).toContain('engine already running, reused');
    expect(output).not.toContain('the webhook is not active');
    const curl = await until('the curl line', /curl -X POST (\S+) -H 'content-type: application\/json' -d '(\{.*\})'/, 1000);
    expect(curl[1]).toBe(`http://127.0.0.1:${httpPort}/inbound/example-greeting`);

    const name = `Ada-${Date.now()}`;
    const res = await fetch(curl[1]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect(res.status).toBe(200);
    const { processInstanceKey } = (await res.json()) as { processInstanceKey: string };
    expect(processInstanceKey).toMatch(/^\d+$/);

    await until('the completion line', new RegExp(`process instance ${processInstanceKey} of example-greeting completed: greeting = "Hello, ${name}!"`), 60_000);
    expect(output).toContain(`the greeting service was called for "${name}"`);

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('connectors: stopped');
    expect(output).toMatch(/start: stopped\n$/);
    expect(output).not.toContain('stopping the local engine'); // it did not start it, so it leaves it running
    const health = await fetch(`${engine.httpBase}/actuator/health/status`);
    expect(health.status).toBe(200);
  }, 360_000); // the build (cached after the first run), the runtime, the deployment, one instance
});
