import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConnectorPackages } from './connectors.js';

/** A connector definition as a plain module would export it (recognised by shape). */
const definition = (id: string) =>
  `export const c = { direction: 'outbound', id: '${id}', type: '${id}:1', properties: {}, execute() {} };\n`;

async function workspace(packages: Record<string, { manifest: object; files: Record<string, string> }>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'templates-'));
  for (const [folder, { manifest, files }] of Object.entries(packages)) {
    const dir = join(root, 'packages', 'connectors', folder);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  }
  return root;
}

describe('findConnectorPackages: the manifest as the runtime reads it', () => {
  it('reads the list form, importing every subpath listed', async () => {
    const root = await workspace({
      multi: {
        manifest: { name: '@acme/multi', exports: { '.': './index.mjs', './x.js': './x.mjs' }, connectorkit: { connectors: ['.', './x.js'] } },
        files: { 'index.mjs': definition('acme.one'), 'x.mjs': definition('acme.two') },
      },
      single: {
        manifest: { name: 'acme-single', main: 'main.mjs', connectorkit: { connectors: '.' } },
        files: { 'main.mjs': definition('acme.single') },
      },
      other: { manifest: { name: 'not-a-connector' }, files: {} },
    });
    const found = await findConnectorPackages(root);
    expect(found.map((p) => [p.name, p.connectors.map((c) => c.id)])).toEqual([
      ['@acme/multi', ['acme.one', 'acme.two']],
      ['acme-single', ['acme.single']],
    ]);
  });

  it('follows the source condition of a workspace package', async () => {
    const root = await workspace({
      src: {
        manifest: {
          name: 'acme-src',
          exports: { '.': { '@connectorkit/source': './src.mjs', default: './dist/missing.mjs' } },
          connectorkit: { connectors: '.' },
        },
        files: { 'src.mjs': definition('acme.src') },
      },
    });
    expect((await findConnectorPackages(root))[0]!.connectors.map((c) => c.id)).toEqual(['acme.src']);
  });

  it('refuses a malformed manifest with the message the runtime gives', async () => {
    const root = await workspace({ bad: { manifest: { name: 'acme-bad', connectorkit: { connectors: 'lib/x.js' } }, files: {} } });
    await expect(findConnectorPackages(root)).rejects.toThrow('acme-bad: "connectorkit.connectors" must be "." or a subpath export');
  });

  it('refuses a listed subpath that exports no connector', async () => {
    const root = await workspace({
      empty: {
        manifest: { name: 'acme-empty', exports: { '.': './i.mjs', './none': './none.mjs' }, connectorkit: { connectors: ['.', './none'] } },
        files: { 'i.mjs': definition('acme.i'), 'none.mjs': 'export const nothing = 1;\n' },
      },
    });
    await expect(findConnectorPackages(root)).rejects.toThrow('declares connectors but acme-empty/none exports none');
  });
});
