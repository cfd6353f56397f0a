import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const CONNECTORS = ['http-json', 'sendgrid', 'slack', 'webhook', 'amqp', 'google-drive'];
const PACKAGES = ['packages/sdk', 'packages/runtime', ...CONNECTORS.map((c) => `packages/connectors/${c}`)];

/** What `npm pack` would put in the tarball (the package must be built: the Nx target builds it first). */
async function packed(dir: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(ROOT, dir), maxBuffer: 32 * 1024 * 1024 });
  return ((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path)).sort();
}

describe('npm pack contents of each published package', () => {
  it.each(PACKAGES)('%s: built code, types, README and licence, no tests or sources', async (dir) => {
    const files = await packed(dir);
    expect(files.filter((f) => f.startsWith('dist/') && f.endsWith('.js')).length, 'built JavaScript in dist/').toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('dist/') && f.endsWith('.d.ts')).length, 'type declarations in dist/').toBeGreaterThan(0);
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files.some((f) => /^LICEN[CS]E(\.md|\.txt)?$/i.test(f)), `a LICENSE file in ${dir}`).toBe(true);
    expect(files.filter((f) => /(\.test\.|\.test-d\.|(^|\/)test\/|(^|\/)__tests__\/|vitest\.config)/.test(f)), 'test files').toEqual([]);
    expect(files.filter((f) => f.startsWith('src/')), 'TypeScript sources').toEqual([]);
  });

  it.each(CONNECTORS)('connectors/%s ships its element templates, every kept version included', async (name) => {
    const files = await packed(`packages/connectors/${name}`);
    expect(files.filter((f) => /^element-templates\/[^/]+\.json$/.test(f)).length).toBeGreaterThan(0);
    expect(files.filter((f) => /^element-templates\/versioned\/[^/]+-\d+\.json$/.test(f)).length).toBeGreaterThan(0);
  });
});
