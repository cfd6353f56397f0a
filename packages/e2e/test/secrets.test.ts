import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeHandle } from '@connectorkit/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretProbe } from '../src/connectors/index.js';
import { deploy, RUN, testClient, type ZeebeClient } from './support/engine.js';
import { jobTypeOf, startTestRuntime } from './support/runtime.js';

const ENV_PREFIX = `E2E_SECRET_${RUN.toUpperCase()}_`;
const fromEnv = `env-${randomBytes(12).toString('hex')}`;
const fromFile = `file-${randomBytes(12).toString('hex')}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let client: ZeebeClient;
let runtime: RuntimeHandle;
let dir: string;

beforeAll(async () => {
  client = testClient();
  await deploy(client, 'secret.bpmn');
  dir = mkdtempSync(join(tmpdir(), 'e2e-secrets-'));
  writeFileSync(join(dir, 'FILE_TOKEN'), `${fromFile}\n`);
  process.env[`${ENV_PREFIX}ENV_TOKEN`] = fromEnv;
  runtime = await startTestRuntime([secretProbe], (c) => {
    c.secrets = { envPrefix: ENV_PREFIX, dirs: [dir] };
  });
});

afterAll(async () => {
  await runtime?.stop(5000);
  await client.close();
  delete process.env[`${ENV_PREFIX}ENV_TOKEN`];
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets', () => {
  it.each([
    { provider: 'environment (prefix)', secretName: 'ENV_TOKEN', value: fromEnv },
    { provider: 'directory of files', secretName: 'FILE_TOKEN', value: fromFile },
  ])('replaces {{secrets.$secretName}} from the $provider before the connector runs, and no variable holds the value', async ({ secretName, value }) => {
    const result = await client.createProcessInstanceWithResult({
      bpmnProcessId: 'e2e-secret',
      variables: { jobType: jobTypeOf(secretProbe), secretName },
      requestTimeout: 30_000,
    });
    expect(result.variables.probe).toEqual({ length: value.length, sha256: sha256(value), stillAPlaceholder: false });
    expect(JSON.stringify(result.variables)).not.toContain(value);
  });
});
