import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from './errors.js';
import { loadConnectors, type LoadConnectorsOptions } from './load.js';

/** A connector module in plain JS, shaped like defineOutbound's result (the loader goes by shape). */
const outbound = (id: string, type: string) =>
  `export const c_${id.replace(/\W/g, '_')} = Object.freeze({ id: '${id}', name: '${id}', version: 1, type: '${type}', direction: 'outbound', properties: {}, execute: async () => ({}) });\n`;

function write(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string>) {
  write(join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', type: 'module', ...json }));
  for (const [f, text] of Object.entries(files)) write(join(dir, f), text);
}

let root: string;
let app: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'loader-'));
  app = join(root, 'app');
  const nm = join(app, 'node_modules');
  pkg(join(nm, 'acme-plain'), { name: 'acme-plain', main: 'index.js', connectorkit: { connectors: '.' } }, { 'index.js': outbound('acme.plain', 'acme:plain:1') });
  pkg(
    join(nm, '@acme', 'scoped'),
    { name: '@acme/scoped', exports: { '.': './main.js', './outbound': { import: './out.js' } }, connectorkit: { connectors: './outbound' } },
    { 'main.js': 'export const nothing = 1;\n', 'out.js': outbound('acme.scoped', 'acme:scoped:1') + 'export default [];\n' },
  );
  // A workspace package: the real directory lives elsewhere, node_modules holds a link.
  const linked = join(root, 'workspace', 'linked');
  pkg(linked, { name: '@acme/linked', exports: { '.': { source: './src.js', default: './dist.js' } }, connectorkit: { connectors: '.' } }, {
    'dist.js': outbound('acme.linked', 'acme:linked:1'),
    'src.js': outbound('acme.linked.src', 'acme:linked-src:1'),
  });
  symlinkSync(linked, join(nm, '@acme', 'linked'), 'dir');
  pkg(join(nm, 'acme-broken'), { name: 'acme-broken', main: 'index.js', connectorkit: { connectors: '.' } }, { 'index.js': 'throw new Error("boom at import");\n' });
  pkg(join(nm, 'acme-bad-field'), { name: 'acme-bad-field', connectorkit: { connectors: 'lib/x.js' } }, {});
  pkg(join(nm, 'not-a-connector'), { name: 'not-a-connector', main: 'index.js' }, { 'index.js': 'throw new Error("must not be imported");\n' });
  // Above the app: found the way Node resolves, nearest first.
  pkg(join(root, 'node_modules', 'acme-hoisted'), { name: 'acme-hoisted', main: 'i.js', connectorkit: { connectors: '.' } }, { 'i.js': outbound('acme.hoisted', 'acme:hoisted:1') });
  write(join(app, 'local', 'mine.js'), outbound('my.local', 'my:local:1'));
  write(join(app, 'local', 'dup.js'), outbound('my.dup', 'acme:plain:1'));
  write(join(app, 'local', 'empty.js'), 'export const x = 1;\n');
  write(
    join(app, 'local', 'common.cjs'),
    "module.exports = { legacy: { id: 'my.cjs', name: 'cjs', version: 1, type: 'my:cjs:1', direction: 'outbound', properties: {}, execute: async () => ({}) } };\n",
  );
});

function logger() {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => lines.push({ level, obj: typeof obj === 'string' ? { msg: obj } : (obj as Record<string, unknown>), msg });
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

function options(over: Partial<LoadConnectorsOptions> = {}): LoadConnectorsOptions {
  return { cwd: app, discovery: true, modules: [], allow: [], deny: [], jobTypes: {}, logger: logger().log, conditions: ['import', 'node', 'default'], ...over };
}

describe('loadConnectors', () => {
  it('discovers packages that declare connectors: plain, scoped subpath, linked and hoisted', async () => {
    const r = await loadConnectors(options());
    expect(r.outbound.map((o) => [o.connector.id, o.type, o.source.package]).sort()).toEqual([
      ['acme.hoisted', 'acme:hoisted:1', 'acme-hoisted'],
      ['acme.linked', 'acme:linked:1', '@acme/linked'],
      ['acme.plain', 'acme:plain:1', 'acme-plain'],
      ['acme.scoped', 'acme:scoped:1', '@acme/scoped'],
    ]);
  });

  it('logs a package that fails to import, or declares a bad field, and loads the rest', async () => {
    const { lines, log } = logger();
    const r = await loadConnectors(options({ logger: log }));
    expect(r.failures.map((f) => [f.package, f.message])).toEqual([
      ['acme-bad-field', expect.stringContaining('"connectorkit.connectors" must be "."')],
      ['acme-broken', 'boom at import'],
    ]);
    expect(lines.filter((l) => l.level === 'error').map((l) => l.obj.package)).toEqual(['acme-bad-field', 'acme-broken']);
    expect(r.outbound).toHaveLength(4);
  });

  it('follows export conditions given to the process', async () => {
    const r = await loadConnectors(options({ conditions: ['source', 'import', 'default'] }));
    expect(r.outbound.map((o) => o.connector.id)).toContain('acme.linked.src');
  });

  it('adds configured modules (file paths relative to the working directory, packages by name) and can skip discovery', async () => {
    const r = await loadConnectors(options({ discovery: false, modules: ['./local/mine.js', 'acme-plain', '@acme/scoped/outbound'] }));
    expect(r.outbound.map((o) => o.connector.id)).toEqual(['my.local', 'acme.plain', 'acme.scoped']);
    expect(r.outbound[0]!.source.module).toBe(join(app, 'local', 'mine.js'));
  });

  it('takes the connectors of a CommonJS module (module.exports)', async () => {
    const r = await loadConnectors(options({ discovery: false, modules: ['./local/common.cjs'] }));
    expect(r.outbound.map((o) => o.connector.id)).toEqual(['my.cjs']);
  });

  it('counts a connector reached twice (configured and discovered) once', async () => {
    const r = await loadConnectors(options({ modules: ['acme-plain'] }));
    expect(r.outbound.filter((o) => o.connector.id === 'acme.plain')).toHaveLength(1);
  });

  it('fails on a configured module that is missing or exports no connector', async () => {
    await expect(loadConnectors(options({ discovery: false, modules: ['./local/nope.js'] }))).rejects.toMatchObject({
      code: 'CONNECTOR_MODULE_FAILED',
      message: expect.stringContaining("Connector module './local/nope.js' could not be loaded: no such file"),
    });
    await expect(loadConnectors(options({ discovery: false, modules: ['./local/empty.js'] }))).rejects.toMatchObject({ code: 'NO_CONNECTOR_IN_MODULE' });
    await expect(loadConnectors(options({ discovery: false, modules: ['acme-nowhere'] }))).rejects.toMatchObject({ code: 'CONNECTOR_MODULE_FAILED' });
  });

  it('refuses two connectors with one job type, naming both and the fix', async () => {
    const e = await loadConnectors(options({ modules: ['./local/dup.js'] })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LoaderError);
    expect((e as LoaderError).code).toBe('DUPLICATE_CONNECTOR_TYPE');
    expect((e as LoaderError).message).toContain("Job type 'acme:plain:1' is served by two connectors: 'acme.plain' from acme-plain and 'my.dup' from");
    expect((e as LoaderError).message).toContain('CONNECTORKIT_DENY_TYPES');
  });

  it('overrides a job type by connector id, which also resolves a clash', async () => {
    const { lines, log } = logger();
    const r = await loadConnectors(
      options({ modules: ['./local/dup.js'], jobTypes: { MY_DUP: 'my:dup:2', NO_SUCH_CONNECTOR: 'x' }, logger: log }),
    );
    expect(r.outbound.find((o) => o.connector.id === 'my.dup')?.type).toBe('my:dup:2');
    expect(r.unusedOverrides).toEqual(['CONNECTORKIT_JOB_TYPE_NO_SUCH_CONNECTOR']);
    expect(lines.some((l) => l.level === 'warn' && l.obj.variable === 'CONNECTORKIT_JOB_TYPE_NO_SUCH_CONNECTOR')).toBe(true);
  });

  it('serves only allowed types or ids, and never denied ones', async () => {
    const allowed = await loadConnectors(options({ allow: ['acme:plain:1', 'acme.scoped'] }));
    expect(allowed.outbound.map((o) => o.connector.id).sort()).toEqual(['acme.plain', 'acme.scoped']);
    expect(allowed.skipped.map((s) => s.reason)).toEqual(['not allowed', 'not allowed']);
    const denied = await loadConnectors(options({ deny: ['acme.hoisted', 'acme:linked:1'] }));
    expect(denied.outbound.map((o) => o.connector.id).sort()).toEqual(['acme.plain', 'acme.scoped']);
    expect(denied.skipped.map((s) => [s.id, s.reason]).sort()).toEqual([
      ['acme.hoisted', 'denied'],
      ['acme.linked', 'denied'],
    ]);
  });
});
