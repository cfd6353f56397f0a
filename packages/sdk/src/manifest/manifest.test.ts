import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectorSubpaths, ManifestError, moduleSpecifier, readConnectorPackage, resolvePackageEntry } from './index.js';

describe('connector manifests', () => {
  it('read the single and the list form', () => {
    expect(connectorSubpaths({ connectorkit: { connectors: '.' } }, 'p')).toEqual(['.']);
    expect(connectorSubpaths({ connectorkit: { connectors: ['.', './x.js'] } }, 'p')).toEqual(['.', './x.js']);
    expect(connectorSubpaths({ name: 'p' }, 'p')).toBeUndefined();
  });

  it('refuse anything else, naming the package', () => {
    for (const connectors of ['lib/x.js', [], ['.', 3], undefined]) {
      expect(() => connectorSubpaths({ connectorkit: { connectors } }, 'acme')).toThrow(ManifestError);
    }
    expect(() => connectorSubpaths({ connectorkit: true }, 'acme')).toThrow('acme: "connectorkit.connectors" must be "."');
  });

  it('name subpath modules as Node imports them', () => {
    expect(moduleSpecifier('@acme/pkg', '.')).toBe('@acme/pkg');
    expect(moduleSpecifier('@acme/pkg', './outbound')).toBe('@acme/pkg/outbound');
  });

  it('resolve entries through exports with the given conditions, and read a package folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifest-'));
    const pkg = {
      name: 'acme',
      exports: { '.': { source: './src.js', default: './dist.js' }, './x': './x.js' },
      connectorkit: { connectors: ['.', './x'] },
    };
    await writeFile(join(dir, 'package.json'), JSON.stringify(pkg));
    for (const f of ['src.js', 'dist.js', 'x.js']) await writeFile(join(dir, f), '');
    expect(resolvePackageEntry(dir, pkg, '.', ['source', 'default'])).toBe(join(dir, 'src.js'));
    expect(resolvePackageEntry(dir, pkg, '.', ['import', 'default'])).toBe(join(dir, 'dist.js'));
    expect(resolvePackageEntry(dir, pkg, './x', ['default'])).toBe(join(dir, 'x.js'));
    expect(() => resolvePackageEntry(dir, pkg, './y', ['default'])).toThrow("acme (./y): the package does not export './y'");
    expect(readConnectorPackage(dir)).toMatchObject({ name: 'acme', dir, subpaths: ['.', './x'] });
  });
});
