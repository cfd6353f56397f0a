import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findConnectorPackages } from './connectors.js';
import { plannedFiles, staleTemplates, templateProblems } from './templates.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const packages = await findConnectorPackages(root);

describe('element templates of the connector packages', () => {
  it('finds every connector package', () => {
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@connectorkit/connector-http-json']));
  });

  it('are committed, up to date and valid (run `npm run templates -- build` after changing a connector)', async () => {
    expect(await staleTemplates(root, packages)).toEqual([]);
  });

  it('pass the Zeebe template validator and the semantic checks', async () => {
    const files = plannedFiles(root, packages).filter((f) => f.path.startsWith('templates/') && !f.path.endsWith('index.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(templateProblems(JSON.parse(f.content)), f.path).toEqual([]);
  });
});
