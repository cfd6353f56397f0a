import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { jobLogger } from './job-logger.js';
import { maskingLogger, maskLogLine } from './masking.js';

function memory() {
  const raw: string[] = [];
  return {
    raw,
    lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>),
    destination: { write: (line: string) => void raw.push(line) },
  };
}

const SECRET = 's3cr3t-Value';

describe('maskingLogger', () => {
  it('masks a secret value in the message, fields, interpolation arguments and bindings', () => {
    const out = memory();
    const log = maskingLogger(createLogger({ destination: out.destination }), [SECRET]);
    log.child({ url: `https://api.example.test/?key=${SECRET}` }).warn(
      { response: { body: `echo ${SECRET}`, list: [SECRET, 'ok'] }, status: 401 },
      'call failed with %s',
      SECRET,
    );
    expect(out.raw.join('')).not.toContain(SECRET);
    expect(out.lines()[0]).toMatchObject({
      level: 'warn',
      url: 'https://api.example.test/?key=***',
      response: { body: 'echo ***', list: ['***', 'ok'] },
      status: 401,
      msg: 'call failed with ***',
    });
  });

  it('masks secrets in serialized errors, stack trace included', () => {
    const out = memory();
    const log = maskingLogger(createLogger({ destination: out.destination }), [SECRET]);
    log.error(new Error(`401 for token ${SECRET}`));
    log.error({ err: new Error(`again ${SECRET}`) }, 'wrapped');
    expect(out.raw.join('')).not.toContain(SECRET);
    const [first, second] = out.lines();
    expect(first).toMatchObject({ msg: '401 for token ***', err: { type: 'Error', message: '401 for token ***' } });
    expect((first!.err as { stack: string }).stack).toContain('401 for token ***');
    expect(second).toMatchObject({ msg: 'wrapped', err: { message: 'again ***' } });
  });

  it('masks a secret that JSON has to escape', () => {
    const out = memory();
    const secret = 'pa"ss\\word';
    maskingLogger(createLogger({ destination: out.destination }), [secret]).info({ value: `x${secret}y` }, 'm');
    expect(out.lines()[0]).toMatchObject({ value: 'x***y' });
  });

  it('leaves the parent logger, numbers and structure alone', () => {
    const out = memory();
    const parent = createLogger({ destination: out.destination });
    maskingLogger(parent, ['info', '12345']).info({ count: 12345, note: 'id 12345' }, 'hello');
    parent.info({ note: 'id 12345' }, 'parent');
    const [masked, plain] = out.lines();
    expect(masked).toMatchObject({ level: 'info', count: 12345, note: 'id ***', msg: 'hello' });
    expect(plain).toMatchObject({ note: 'id 12345', msg: 'parent' });
  });

  it('follows level changes of the masking logger', () => {
    const out = memory();
    const log = maskingLogger(createLogger({ level: 'info', destination: out.destination }), [SECRET]);
    log.debug(SECRET);
    log.level = 'debug';
    log.debug(`now ${SECRET}`);
    expect(out.lines().map((l) => l.msg)).toEqual(['now ***']);
  });
});

describe('jobLogger', () => {
  it('writes the job key, type and process instance key on every line and masks the job secrets', () => {
    const out = memory();
    const log = jobLogger(
      createLogger({ destination: out.destination }),
      { key: '2251799813685301', type: 'io.camunda:http-json:1', processInstanceKey: '2251799813685290', elementId: 'callApi' },
      [SECRET],
    );
    log.info({ authHeader: `Bearer ${SECRET}` }, 'executing');
    expect(out.lines()[0]).toMatchObject({
      jobKey: '2251799813685301',
      jobType: 'io.camunda:http-json:1',
      processInstanceKey: '2251799813685290',
      elementId: 'callApi',
      authHeader: 'Bearer ***',
      msg: 'executing',
    });
    expect(out.lines()[0]).not.toHaveProperty('bpmnProcessId');
  });

  it('writes nothing below the level and builds no child logger for it', () => {
    const out = memory();
    const base = createLogger({ destination: out.destination, level: 'info' });
    let children = 0;
    const child = base.child.bind(base);
    base.child = ((...args: Parameters<typeof child>) => (children++, child(...args))) as typeof base.child;
    const log = jobLogger(base, { key: '1', type: 't', processInstanceKey: '2' });
    log.debug('not written');
    expect(children).toBe(0);
    log.warn('written');
    log.error('also written');
    expect(children).toBe(1);
    expect(out.lines().map((l) => [l.msg, l.jobKey])).toEqual([['written', '1'], ['also written', '1']]);
  });
});

describe('maskLogLine', () => {
  it('masks plain text that is not JSON and keeps the line ending', () => {
    expect(maskLogLine(`token=${SECRET}\n`, [SECRET])).toBe('token=***\n');
    expect(maskLogLine('{"a":"x"}\n', [SECRET])).toBe('{"a":"x"}\n');
  });
});
