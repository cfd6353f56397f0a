import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import type { HttpsJsonSchemastoreOrgGithubWorkflowJson as Workflow, NormalJob } from '@schemastore/github-workflow';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const HERE = join(fileURLToPath(import.meta.url), '..');

/** GitHub's workflow schema (SchemaStore's, see github-workflow.schema.md) checked with ajv. */
// Draft-07, as the schema declares: keywords beside a $ref are ignored (ajv would log each one).
const validate = new Ajv({ allErrors: true, jsonPointers: true, logger: false }).compile(
  JSON.parse(await readFile(join(HERE, 'github-workflow.schema.json'), 'utf8')) as object,
);
function schemaErrors(workflow: unknown): string[] {
  if (validate(workflow)) return [];
  return (validate.errors ?? []).map((e) => `${e.dataPath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

describe('the GitHub Actions workflow', async () => {
  const workflow = parse(await readFile(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as Workflow & { on: Record<string, unknown> };
  // The schema's generated type for `with` is a union the checks below need not narrow.
  const steps = Object.values(workflow.jobs).flatMap((j) => (j as NormalJob).steps ?? []) as { uses?: string; run?: string; with?: Record<string, unknown> }[];

  it('is valid against GitHub’s workflow JSON schema', () => {
    expect(schemaErrors(workflow), '.github/workflows/ci.yml against the workflow schema').toEqual([]);
  });

  it('the schema check rejects what GitHub rejects (a job without runs-on, a step with both uses and run, an unknown key)', () => {
    const job = workflow.jobs.affected as NormalJob;
    expect(schemaErrors({ ...workflow, jobs: { affected: { ...job, 'runs-on': undefined } } })).not.toEqual([]);
    expect(schemaErrors({ ...workflow, jobs: { affected: { ...job, steps: [{ uses: 'actions/checkout@v4', run: 'echo both' }] } } })).not.toEqual([]);
    expect(schemaErrors({ ...workflow, 'runs-on': 'ubuntu-latest' })).not.toEqual([]);
  });

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
