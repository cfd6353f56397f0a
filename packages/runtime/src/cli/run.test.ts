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
});
