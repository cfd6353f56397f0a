import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineOutbound, p } from '@connectorkit/sdk';
import type { ConnectorPackage } from './connectors.js';
import { staleTemplates, writeTemplates } from './templates.js';
import { changedKeptVersions } from './versions.js';

const VERSIONED = join('packages', 'connectors', 'acme', 'element-templates', 'versioned');

/** A workspace with one connector package whose connector is built with the given version and label. */
async function workspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'versions-'));
  git(root, 'init', '-q', '-b', 'main');
  return root;
}

function acme(root: string, version: number, label: string): ConnectorPackage[] {
  const connector = defineOutbound({
    id: 'io.acme.thing',
    name: 'Thing',
    version,
    type: 'io.acme:thing:1',
    properties: { what: p.text({ label, required: true }) },
    async execute() {
      return {};
    },
  });
  return [{ name: '@acme/thing', dir: join(root, 'packages', 'connectors', 'acme'), connectors: [connector] }];
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: root, encoding: 'utf8' });
}

const commitAll = (root: string, message: string) => {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
};

describe('kept template versions', () => {
  it('a build keeps each new version and leaves the older ones as they were', async () => {
    const root = await workspace();
    await writeTemplates(root, acme(root, 1, 'What'));
    commitAll(root, 'v1');
    const v1 = await readFile(join(root, VERSIONED, 'io.acme.thing-1.json'), 'utf8');
    expect(JSON.parse(v1)).toMatchObject({ id: 'io.acme.thing', version: 1 });

    await writeTemplates(root, acme(root, 2, 'What exactly'));
    expect((await readdir(join(root, VERSIONED))).sort()).toEqual(['io.acme.thing-1.json', 'io.acme.thing-2.json']);
    expect(await readFile(join(root, VERSIONED, 'io.acme.thing-1.json'), 'utf8')).toBe(v1);
    expect(JSON.parse(await readFile(join(root, VERSIONED, 'io.acme.thing-2.json'), 'utf8')).properties).toEqual(
      expect.arrayContaining([expect.objectContaining({ label: 'What exactly' })]),
    );
    expect(await staleTemplates(root, acme(root, 2, 'What exactly'))).toEqual([]);
  });

  it('a change without a version bump fails the build (writing nothing) and the check', async () => {
    const root = await workspace();
    await writeTemplates(root, acme(root, 1, 'What'));
    commitAll(root, 'v1');
    const changed = acme(root, 1, 'What exactly');
    await expect(writeTemplates(root, changed)).rejects.toThrow(/io\.acme\.thing: the template changed but its version is still 1 .*raise the connector's version to 2/);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(await staleTemplates(root, changed)).toEqual(
      expect.arrayContaining([expect.stringContaining('the template changed but its version is still 1')]),
    );
  });

  it('a version going backwards fails the check', async () => {
    const root = await workspace();
    await writeTemplates(root, acme(root, 1, 'What'));
    await writeTemplates(root, acme(root, 2, 'What exactly'));
    commitAll(root, 'v1 and v2');
    const problems = await staleTemplates(root, acme(root, 1, 'What'));
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('version 1 is below the newest kept version 2')]));
  });

  it('a new version not kept yet fails the check', async () => {
    const root = await workspace();
    await writeTemplates(root, acme(root, 1, 'What'));
    commitAll(root, 'v1');
    expect(await staleTemplates(root, acme(root, 2, 'Other'))).toEqual(
      expect.arrayContaining([`${join(VERSIONED, 'io.acme.thing-2.json')}: version not kept yet`]),
    );
  });

  it('a kept version changed or removed, committed or not, fails; restored, it passes again', async () => {
    const root = await workspace();
    await writeTemplates(root, acme(root, 1, 'What'));
    await writeTemplates(root, acme(root, 2, 'What exactly'));
    commitAll(root, 'v1 and v2');
    expect(await changedKeptVersions(root)).toEqual([]);
    const v1 = join(root, VERSIONED, 'io.acme.thing-1.json');
    const original = await readFile(v1, 'utf8');

    await writeFile(v1, original.replace('"What"', '"Edited"'));
    expect(await changedKeptVersions(root)).toEqual([expect.stringMatching(/io\.acme\.thing-1\.json: a kept template version was changed/)]);
    commitAll(root, 'edit a kept version');
    expect(await changedKeptVersions(root)).toEqual([expect.stringMatching(/io\.acme\.thing-1\.json: a kept template version was changed/)]);
    // The check as a whole reports it too.
    expect(await staleTemplates(root, acme(root, 2, 'What exactly'))).toEqual([expect.stringContaining('a kept template version was changed')]);

    await rm(v1);
    commitAll(root, 'remove a kept version');
    expect(await changedKeptVersions(root)).toEqual([expect.stringMatching(/io\.acme\.thing-1\.json: a kept template version was removed/)]);

    await writeFile(v1, original);
    commitAll(root, 'restore it');
    expect(await changedKeptVersions(root)).toEqual([]);
  });

  it('without git history the check says so instead of passing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'versions-nogit-'));
    expect(await changedKeptVersions(root)).toEqual([expect.stringContaining('cannot read the git history')]);
  });
});
