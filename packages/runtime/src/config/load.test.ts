import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { checkConnectorSettings, loadConfig, parseCommandLine } from './load.js';

const cwd = tmpdir();

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses documented defaults when nothing is set', () => {
    const c = loadConfig({ env: {}, cwd });
    expect(c.http).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(c.worker).toMatchObject({ maxJobsActive: 32, jobTimeoutMs: 300_000, streamEnabled: true, pollIntervalMs: 300, streamPollIntervalMs: 30_000 });
    expect(c.secrets).toEqual({ envPrefix: 'SECRET_', dirs: [] });
    expect(c.shutdownTimeoutMs).toBe(30_000);
    expect(c.logLevel).toBe('info');
    expect(c.connectors).toEqual({ discovery: true, modules: [], allow: [], deny: [], jobTypes: {} });
  });

  it('reads every CONNECTORKIT_ variable and LOG_LEVEL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const c = loadConfig({
      cwd,
      env: {
        CONNECTORKIT_HTTP_HOST: '127.0.0.1',
        CONNECTORKIT_HTTP_PORT: '9090',
        CONNECTORKIT_MAX_JOBS_ACTIVE: '4',
        CONNECTORKIT_JOB_TIMEOUT: 'PT2M',
        CONNECTORKIT_POLL_INTERVAL: '1s',
        CONNECTORKIT_STREAM_ENABLED: 'false',
        CONNECTORKIT_STREAM_POLL_INTERVAL: '5000',
        CONNECTORKIT_WORKER_NAME: 'w1',
        CONNECTORKIT_CONNECTORS: '@acme/a, ./b.js',
        CONNECTORKIT_DISCOVERY: 'no',
        CONNECTORKIT_ALLOW_TYPES: 'io.camunda:http-json:1,x',
        CONNECTORKIT_DENY_TYPES: 'y',
        CONNECTORKIT_SECRETS_ENV_PREFIX: 'MY_',
        CONNECTORKIT_SECRETS_DIR: dir,
        CONNECTORKIT_SHUTDOWN_TIMEOUT: '10s',
        CONNECTORKIT_JOB_TYPE_IO_CONNECTORKIT_HTTP_JSON: 'my-http:1',
        LOG_LEVEL: 'DEBUG',
      },
    });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(c.worker).toEqual({ maxJobsActive: 4, jobTimeoutMs: 120_000, pollIntervalMs: 1000, streamEnabled: false, streamPollIntervalMs: 5000, name: 'w1' });
    expect(c.connectors).toEqual({
      discovery: false,
      modules: ['@acme/a', './b.js'],
      allow: ['io.camunda:http-json:1', 'x'],
      deny: ['y'],
      jobTypes: { IO_CONNECTORKIT_HTTP_JSON: 'my-http:1' },
    });
    expect(c.secrets).toEqual({ envPrefix: 'MY_', dirs: [dir] });
    expect(c.shutdownTimeoutMs).toBe(10_000);
    expect(c.logLevel).toBe('debug');
  });

  it("turns environment secrets off with 'false'", () => {
    expect(loadConfig({ env: { CONNECTORKIT_SECRETS_ENV_PREFIX: 'false' }, cwd }).secrets.envPrefix).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ env: { CONNECTORKIT_HTTP_PORT: '' }, cwd }).http.port).toBe(8080);
  });

  it('names the variable, the value and the rule of a bad value', () => {
    const e = configError(() => loadConfig({ env: { CONNECTORKIT_HTTP_PORT: '80a' }, cwd }));
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('CONNECTORKIT_HTTP_PORT="80a": must be a whole number from 0 to 65535');
  });

  it('reports every bad value in one error', () => {
    const e = configError(() =>
      loadConfig({
        env: { CONNECTORKIT_MAX_JOBS_ACTIVE: '0', CONNECTORKIT_JOB_TIMEOUT: 'soon', LOG_LEVEL: 'loud', CONNECTORKIT_STREAM_ENABLED: 'maybe' },
        cwd,
      }),
    );
    expect(e.issues.map((i) => i.source).sort()).toEqual(['CONNECTORKIT_JOB_TIMEOUT', 'CONNECTORKIT_MAX_JOBS_ACTIVE', 'CONNECTORKIT_STREAM_ENABLED', 'LOG_LEVEL']);
    expect(e.message).toContain('LOG_LEVEL="loud": must be one of trace, debug, info, warn, error, fatal, silent');
    expect(e.message).toContain('CONNECTORKIT_STREAM_ENABLED="maybe": must be true or false');
  });

  it('refuses a secrets directory that does not exist', () => {
    const e = configError(() => loadConfig({ env: { CONNECTORKIT_SECRETS_DIR: '/no/such/dir' }, cwd }));
    expect(e.message).toContain("CONNECTORKIT_SECRETS_DIR=\"/no/such/dir\": must name existing directories; '/no/such/dir' is not one");
  });

  it('refuses an unknown CONNECTORKIT_ variable once the connectors are known (a typo would otherwise be ignored)', () => {
    const config = loadConfig({ env: { CONNECTORKIT_MAX_JOB_ACTIVE: '3' }, cwd });
    const e = configError(() => checkConnectorSettings(config, []));
    expect(e.message).toContain('CONNECTORKIT_MAX_JOB_ACTIVE: is not a setting of the connector runtime or of a loaded connector');
  });

  it("accepts a connector's declared settings and checks their values", () => {
    const connector = {
      id: 'io.example.x',
      settings: [{ env: 'CONNECTORKIT_X_LIMIT', description: 'A limit', check: (v: string) => (/^\d+$/.test(v) ? undefined : 'must be a whole number') }],
    };
    const ok = loadConfig({ env: { CONNECTORKIT_X_LIMIT: '5' }, cwd });
    expect(() => checkConnectorSettings(ok, [connector])).not.toThrow();
    const bad = loadConfig({ env: { CONNECTORKIT_X_LIMIT: 'five' }, cwd });
    expect(configError(() => checkConnectorSettings(bad, [connector])).message).toContain('CONNECTORKIT_X_LIMIT="five": must be a whole number');
  });

  it('refuses a job type override with blanks', () => {
    const e = configError(() => loadConfig({ env: { CONNECTORKIT_JOB_TYPE_SLACK: 'my type' }, cwd }));
    expect(e.message).toContain('CONNECTORKIT_JOB_TYPE_SLACK="my type": must not contain blanks');
  });
});

describe('parseCommandLine', () => {
  it('lets a flag win over its variable and accumulates --connector', () => {
    const r = parseCommandLine({
      argv: ['start', '--port', '0', '--connector', './a.js', '--connector', '@x/y', '--max-jobs', '3', '--job-timeout', '90s'],
      env: { CONNECTORKIT_HTTP_PORT: '9000', CONNECTORKIT_CONNECTORS: 'ignored' },
      cwd,
    });
    expect(r.command).toBe('start');
    expect(r.config.http.port).toBe(0);
    expect(r.config.connectors.modules).toEqual(['./a.js', '@x/y']);
    expect(r.config.worker.maxJobsActive).toBe(3);
    expect(r.config.worker.jobTimeoutMs).toBe(90_000);
  });

  it('recognises --help anywhere', () => {
    expect(parseCommandLine({ argv: ['start', '--help'], env: {}, cwd }).command).toBe('help');
    expect(parseCommandLine({ argv: ['-h'], env: {}, cwd }).command).toBe('help');
  });

  it('names a bad flag value by its flag', () => {
    const e = configError(() => parseCommandLine({ argv: ['start', '--max-jobs', 'many'], env: {}, cwd }));
    expect(e.message).toContain('--max-jobs="many": must be a whole number from 1 to 10000');
  });

  it('refuses unknown flags and commands', () => {
    expect(configError(() => parseCommandLine({ argv: ['start', '--bogus'], env: {}, cwd })).message).toContain("Unknown option '--bogus'");
    expect(configError(() => parseCommandLine({ argv: ['run'], env: {}, cwd })).message).toContain("unknown command 'run'");
  });
});
