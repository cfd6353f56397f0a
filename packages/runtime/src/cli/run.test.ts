import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../config/index.js';
import { runCli } from './run.js';

function io(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      argv,
      env,
      cwd: process.cwd(),
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      signals: process,
    },
  };
}

describe('connectors (CLI)', () => {
  it('--help lists every flag and environment variable and exits 0', async () => {
    const { io: cli, out } = io(['--help']);
    expect(await runCli(cli)).toBe(0);
    for (const s of SETTINGS) {
      expect(out.stdout).toContain(s.env);
      if (s.flag) expect(out.stdout).toContain(`--${s.flag} <${s.valueName}>`);
    }
    expect(out.stdout).toContain('CONNECTORKIT_JOB_TYPE_<CONNECTOR_ID>');
    expect(out.stdout).toContain('ZEEBE_GRPC_ADDRESS');
  });

  it('exits 2 with one clear message, and no stack trace, on a bad value', async () => {
    const { io: cli, out } = io(['start', '--port', 'eighty'], { CONNECTORKIT_SHUTDOWN_TIMEOUT: 'later' });
    expect(await runCli(cli)).toBe(2);
    expect(out.stderr).toBe(
      'connectors: Invalid configuration:\n' +
        '  --port="eighty": must be a whole number from 0 to 65535\n' +
        '  CONNECTORKIT_SHUTDOWN_TIMEOUT="later": must be a duration from 0 ms to 1 h: milliseconds (30000), 500ms, 30s, 5m, 1h or ISO-8601 (PT30S)\n',
    );
  });

  it('exits 2 on an unknown command or option, and without a command shows the usage', async () => {
    const unknown = io(['serve']);
    expect(await runCli(unknown.io)).toBe(2);
    expect(unknown.out.stderr).toContain("unknown command 'serve'");
    const none = io([]);
    expect(await runCli(none.io)).toBe(2);
    expect(none.out.stderr).toContain('Usage: connectors start [options]');
  });

  it('exits 1 naming the module when a configured connector module cannot be loaded', async () => {
    const { io: cli, out } = io(['start', '--connector', './no/such/connector.js', '--port', '0'], { CONNECTORKIT_DISCOVERY: 'false' });
    expect(await runCli(cli)).toBe(1);
    expect(out.stderr).toContain("connectors: could not start: Connector module './no/such/connector.js' could not be loaded: no such file");
    expect(out.stderr).toContain('(CONNECTOR_MODULE_FAILED)');
  });

  it('--version prints the version of the runtime package and exits 0', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const argv of [['--version'], ['-v'], ['start', '--version']]) {
      const { io: cli, out } = io(argv);
      expect(await runCli(cli)).toBe(0);
      expect(out.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it('--help names the deploy command and --version', async () => {
    const { io: cli, out } = io(['--help']);
    expect(await runCli(cli)).toBe(0);
    expect(out.stdout).toContain('connectors deploy <file or directory>');
    expect(out.stdout).toContain('-v, --version');
  });

  it('deploy: exits 2 naming a missing file, a file of another kind, or no file at all', async () => {
    const missing = io(['deploy', 'no/such/model.bpmn']);
    expect(await runCli(missing.io)).toBe(2);
    expect(missing.out.stderr).toBe('connectors deploy: no such file: no/such/model.bpmn\n');

    const dir = await mkdtemp(join(tmpdir(), 'deploy-'));
    await writeFile(join(dir, 'notes.txt'), 'x');
    const wrong = io(['deploy', join(dir, 'notes.txt')]);
    expect(await runCli(wrong.io)).toBe(2);
    expect(wrong.out.stderr).toContain('not a BPMN, DMN or form file');
    const empty = io(['deploy', dir]);
    expect(await runCli(empty.io)).toBe(2);
    expect(empty.out.stderr).toContain('holds no .bpmn, .dmn, .form file');

    const none = io(['deploy']);
    expect(await runCli(none.io)).toBe(2);
    expect(none.out.stderr).toContain('name at least one file to deploy');
  });

  it('deploy: exits 1 in one message naming the address when the engine does not answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploy-'));
    await writeFile(join(dir, 'p.bpmn'), '<definitions/>');
    const saved = { address: process.env.ZEEBE_GRPC_ADDRESS, auth: process.env.CAMUNDA_AUTH_STRATEGY };
    process.env.ZEEBE_GRPC_ADDRESS = 'grpc://127.0.0.1:1';
    process.env.CAMUNDA_AUTH_STRATEGY = 'NONE';
    try {
      const { io: cli, out } = io(['deploy', join(dir, 'p.bpmn'), '--timeout', '2']);
      expect(await runCli(cli)).toBe(1);
      expect(out.stderr).toMatch(/^connectors deploy: the engine at grpc:\/\/127\.0\.0\.1:1 \(auth NONE\) does not answer: /);
      expect(out.stderr).toContain('node tools/engine/engine.mjs start');
      expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      if (saved.address === undefined) delete process.env.ZEEBE_GRPC_ADDRESS;
      else process.env.ZEEBE_GRPC_ADDRESS = saved.address;
      if (saved.auth === undefined) delete process.env.CAMUNDA_AUTH_STRATEGY;
      else process.env.CAMUNDA_AUTH_STRATEGY = saved.auth;
    }
  });
});
