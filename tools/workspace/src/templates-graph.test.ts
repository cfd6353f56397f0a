import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

describe('the templates tool in the project graph', () => {
  it('depends on the SDK and on every connector package, so nx affected reruns the template check after a change to any of them', () => {
    const connectors = readdirSync(join(root, 'packages/connectors'))
      .map((dir) => json(`packages/connectors/${dir}/package.json`))
      .filter((p) => p.connectorkit !== undefined)
      .map((p) => p.name as string);
    expect(connectors.length).toBeGreaterThanOrEqual(6);
    const deps = Object.keys((json('tools/templates/package.json').dependencies ?? {}) as Record<string, string>);
    expect(deps).toEqual(expect.arrayContaining(['@connectorkit/sdk', ...connectors]));
  });
});
