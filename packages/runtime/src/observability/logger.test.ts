import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat, resolveLogLevel } from './logger.js';

function memory() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe('createLogger', () => {
  const saved = process.env.LOG_LEVEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  });

  it('writes one JSON object per line with a level label, a time and the message', () => {
    const { lines, destination } = memory();
    createLogger({ destination, name: 'runtime' }).info({ jobType: 'io.camunda:http-json:1' }, 'worker started');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', name: 'runtime', msg: 'worker started', jobType: 'io.camunda:http-json:1' });
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it('defaults to info and honours LOG_LEVEL when no level is given', () => {
    delete process.env.LOG_LEVEL;
    const a = memory();
    const log = createLogger({ destination: a.destination });
    log.debug('hidden');
    log.info('shown');
    expect(a.lines.map((l) => l.msg)).toEqual(['shown']);

    process.env.LOG_LEVEL = 'DEBUG';
    const b = memory();
    createLogger({ destination: b.destination }).debug('now shown');
    expect(b.lines.map((l) => l.msg)).toEqual(['now shown']);
  });

  it('lets an explicit level win over LOG_LEVEL', () => {
    process.env.LOG_LEVEL = 'debug';
    const { lines, destination } = memory();
    const log = createLogger({ level: 'warn', destination });
    log.info('no');
    log.warn('yes');
    expect(lines.map((l) => l.msg)).toEqual(['yes']);
  });

  it('rejects an unknown level with a coded error', () => {
    expect(() => createLogger({ level: 'verbose' })).toThrow(expect.objectContaining({ code: 'LOG_LEVEL_INVALID' }));
    expect(resolveLogLevel(' Error ')).toBe('error');
    expect(resolveLogLevel('')).toBe('info');
  });

  it('redacts credential fields and authorization headers', () => {
    const { lines, destination } = memory();
    createLogger({ destination, redact: ['body.pin'] }).info(
      {
        password: 'p1',
        auth: { password: 'p2', token: 't1', apiKey: 'a1', clientSecret: 'c1', user: 'alice' },
        request: { auth: { token: 't2' }, headers: { authorization: 'Bearer abc', 'content-type': 'application/json' } },
        headers: { Authorization: 'Basic xyz', cookie: 'sid=1' },
        body: { pin: '1234', amount: 5 },
      },
      'calling api',
    );
    expect(lines[0]).toMatchObject({
      password: '***',
      auth: { password: '***', token: '***', apiKey: '***', clientSecret: '***', user: 'alice' },
      request: { auth: { token: '***' }, headers: { authorization: '***', 'content-type': 'application/json' } },
      headers: { Authorization: '***', cookie: '***' },
      body: { pin: '***', amount: 5 },
    });
  });
});

describe('log formats', () => {
  const text = () => {
    const out: string[] = [];
    return { out, sink: { write: (t: string) => void out.push(t) } };
  };

  it('auto is pretty on a terminal and JSON otherwise; json and pretty are taken as they are', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('auto', undefined)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('pretty writes one readable line per entry: time, level, component, message, fields', () => {
    const { out, sink } = text();
    const log = createLogger({ format: 'pretty', colors: false, destination: sink, name: 'connectors' });
    log.child({ component: 'engine' }).warn({ address: 'grpc://localhost:26500', reason: 'no answer' }, 'engine unreachable');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  \[engine\] engine unreachable {2}address=grpc:\/\/localhost:26500 reason="no answer"\n$/);
  });

  it('pretty keeps redaction, colours only when asked, and shows an error without its stack above debug', () => {
    const { out, sink } = text();
    const log = createLogger({ format: 'pretty', colors: true, destination: sink });
    log.info({ headers: { authorization: 'Bearer abc' } }, 'call');
    log.error({ err: Object.assign(new Error('boom'), { code: 'E_BOOM' }) }, 'failed');
    expect(out[0]).toContain('\u001b[');
    expect(out[0]).not.toContain('Bearer abc');
    expect(out[1]).toContain('Error E_BOOM: boom');
    expect(out[1]).not.toContain('\n    at ');
    expect(out[1]!.trim().split('\n')).toHaveLength(1);
  });

  it('json stays the default: one JSON object per line', () => {
    const { out, sink } = text();
    createLogger({ destination: sink }).info('x');
    expect(JSON.parse(out[0]!)).toMatchObject({ level: 'info', msg: 'x' });
  });
});
