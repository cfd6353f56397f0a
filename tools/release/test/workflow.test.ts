import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

describe('the GitHub Actions workflow', async () => {
  const workflow = parse(await readFile(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { 'runs-on': string; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

  it('runs on pull requests and pushes', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
  });

  it('sets base and head for nx affected and runs lint, typecheck, test and build with them', () => {
    expect(steps.some((s) => s.uses?.startsWith('nrwl/nx-set-shas@'))).toBe(true);
    const affected = steps.find((s) => s.run?.includes('nx affected'))!.run!;
    expect(affected).toMatch(/-t lint typecheck test build/);
    expect(affected).toContain('--base="$NX_BASE"');
    expect(affected).toContain('--head="$NX_HEAD"');
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
  });

  it('caches npm and the engine’s Maven dependencies', () => {
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.cache).toBe('npm');
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-java@'))?.with).toMatchObject({ cache: 'maven', 'cache-dependency-path': 'tools/engine/pom.xml' });
  });
});
