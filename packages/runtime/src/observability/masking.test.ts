import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { jobLogger } from './job-logger.js';
import { maskLogLine } from './masking.js';

function memory() {
  const raw: string[] = [];
  return {
    raw,
    lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>),
    destination: { write: (line: string) => void raw.push(line) },
  };
}

const SECRET = 's3cr3t-Value';

/** The job logger with secrets: the runtime's masking logger (the SDK's one implementation). */
const JOB = { key: '1', type: 't', processInstanceKey: '2' };
const maskingLogger = (logger: ReturnType<typeof createLogger>, secrets: string[]) => jobLogger(logger, JOB, secrets);

describe('masking a job logger', () => {
  it('masks a secret value in the message and fields', () => {
    const out = memory();
    const log = maskingLogger(createLogger({ destination: out.destination }), [SECRET]);
    log.warn({ url: `https://api.example.test/?key=${SECRET}`, response: { body: `echo ${SECRET}`, list: [SECRET, 'ok'] }, status: 401 }, `call failed with ${SECRET}`);
    expect(out.raw.join('')).not.toContain(SECRET);
    expect(out.lines()[0]).toMatchObject({
      level: 'warn',
      url: 'https://api.example.test/?key=***',
      response: { body: 'echo ***', list: ['***', 'ok'] },
      status: 401,
      msg: 'call failed with ***',
    });
  });

  it('masks every spelling: URL- and form-encoded, JSON-escaped, another case', () => {
    const out = memory();
    const secret = 'p@ss w/rd+=&"Tok';
    const log = maskingLogger(createLogger({ destination: out.destination }), [secret]);
    log.warn(
      { q: `?key=${encodeURIComponent(secret)}`, form: new URLSearchParams({ key: secret }).toString(), json: JSON.stringify({ secret }), host: secret.toLowerCase() },
      `failed ${encodeURIComponent(secret).toLowerCase()}`,
    );
    const text = out.raw.join('');
    for (const spelled of [secret, encodeURIComponent(secret), new URLSearchParams({ k: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1), secret.toLowerCase()]) {
      expect(text).not.toContain(spelled);
    }
    expect(out.lines()[0]).toMatchObject({ q: '?key=***', form: 'key=***', host: '***', msg: 'failed ***' });
  });

  it('masks secrets in errors, stack trace included', () => {
    const out = memory();
    const log = maskingLogger(createLogger({ destination: out.destination }), [SECRET]);
    log.error({ err: new Error(`again ${SECRET}`) }, 'wrapped');
    expect(out.raw.join('')).not.toContain(SECRET);
    const [line] = out.lines();
    expect(line).toMatchObject({ msg: 'wrapped', err: { message: 'again ***' } });
    expect((line!.err as { stack: string }).stack).toContain('again ***');
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
    expect(maskLogLine(`{"msg":"q=${encodeURIComponent('a b/c&d')}"}\n`, ['a b/c&d'])).toMatch(/"msg":"q=\*\*\*"/);
  });
});
