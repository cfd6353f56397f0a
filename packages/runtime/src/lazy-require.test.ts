import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferRequire } from './lazy-require.js';
import { FASTIFY_DEFERRED } from './observability/server.js';

/**
 * A throwaway node_modules: `host` requires `heavy` (or `heavy-esm`, through TypeScript's
 * `__importDefault`) when it loads and uses it only when `use()` is called; each library counts
 * its loads in a global.
 */
describe('deferRequire', () => {
  let dir: string;
  const counts = globalThis as unknown as Record<string, number>;
  const write = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  const library = (name: string, esModule: boolean) => {
    write(`node_modules/${name}/package.json`, JSON.stringify({ name, main: 'index.js' }));
    write(
      `node_modules/${name}/index.js`,
      `globalThis['${name}Loads'] = (globalThis['${name}Loads'] ?? 0) + 1;\n` +
        (esModule ? `Object.defineProperty(exports, '__esModule', { value: true });\nexports.default = { answer: 42 };\n` : `exports.answer = 42;\nexports.twice = (n) => n * 2;\n`),
    );
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'connectorkit-defer-'));
    library('heavy', false);
    library('heavy-esm', true);
    library('loaded-early', false);
    write('node_modules/host/package.json', JSON.stringify({ name: 'host', main: 'index.js' }));
    write(
      'node_modules/host/index.js',
      `const __importDefault = (mod) => (mod && mod.__esModule ? mod : { default: mod });\n` +
        `const heavy = require('heavy');\nconst esm = __importDefault(require('heavy-esm'));\n` +
        `exports.use = () => heavy.twice(heavy.answer);\nexports.useEsm = () => esm.default.answer;\n`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the library on the first use of one of its properties, once, and leaves the real one in the cache', () => {
    const host = join(dir, 'node_modules', 'host', 'index.js');
    expect(deferRequire({ requiredBy: host, library: 'heavy', esModule: false })).toBe('deferred');
    expect(deferRequire({ requiredBy: host, library: 'heavy-esm', esModule: true })).toBe('deferred');
    const req = createRequire(host);
    const mod = req(host) as { use(): number; useEsm(): number };
    expect(counts.heavyLoads).toBeUndefined();
    expect(counts['heavy-esmLoads']).toBeUndefined(); // __esModule answered without loading it

    expect(mod.use()).toBe(84);
    expect(mod.use()).toBe(84);
    expect(counts.heavyLoads).toBe(1);
    const file = req.resolve('heavy');
    expect(types.isProxy(req.cache[file]!.exports)).toBe(false); // the next require gets the library itself
    expect((req('heavy') as { answer: number }).answer).toBe(42);
    expect(counts.heavyLoads).toBe(1);

    expect(mod.useEsm()).toBe(42);
    expect(counts['heavy-esmLoads']).toBe(1);
  });

  it('forwards keys, `in` and descriptors to the library', () => {
    library('keyed', false);
    write('node_modules/host2/index.js', `exports.lib = require('keyed');\n`);
    const host2 = join(dir, 'node_modules', 'host2', 'index.js');
    expect(deferRequire({ requiredBy: host2, library: 'keyed', esModule: false })).toBe('deferred');
    const lib = (createRequire(host2)(host2) as { lib: Record<string, unknown> }).lib;
    expect(counts.keyedLoads).toBeUndefined();
    expect('answer' in lib).toBe(true);
    expect(Object.keys(lib).sort()).toEqual(['answer', 'twice']);
    expect(Object.getOwnPropertyDescriptor(lib, 'answer')?.value).toBe(42);
    expect(counts.keyedLoads).toBe(1);
  });

  it('leaves a library that is already loaded, and says when one is not installed', () => {
    const host = join(dir, 'node_modules', 'host', 'index.js');
    createRequire(host)('loaded-early');
    expect(deferRequire({ requiredBy: host, library: 'loaded-early', esModule: false })).toBe('already loaded');
    expect(deferRequire({ requiredBy: host, library: 'not-installed', esModule: false })).toBe('not found');
    expect(deferRequire({ requiredBy: join(dir, 'nowhere', 'index.js'), library: 'heavy', esModule: false })).toBe('not found');
  });

  it("declares each deferred library's __esModule as the installed library has it", () => {
    for (const d of FASTIFY_DEFERRED) {
      const fromRuntime = createRequire(import.meta.url);
      const file = createRequire(fromRuntime.resolve(d.requiredBy)).resolve(d.library);
      // In a fresh process: this one may hold a stand-in.
      const real = execFileSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(file)}).__esModule === true))`], { encoding: 'utf8' });
      expect(real, `${d.library} as ${d.requiredBy} requires it`).toBe(String(d.esModule));
    }
  });
});
