import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const eslint = new ESLint({ cwd: root });

/** Boundary errors ESLint reports for `code` as if it were the file at `path` (relative to the root). */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('dependency direction (lint)', () => {
  it('lets a connector import the SDK and its testing kit', async () => {
    expect(await boundaryErrors('packages/connectors/slack/src/probe.ts', "import '@connectorkit/sdk';\nimport '@connectorkit/sdk/testing';\n")).toEqual([]);
  });

  it('refuses a connector importing the runtime', async () => {
    expect(await boundaryErrors('packages/connectors/slack/src/probe.ts', "import '@connectorkit/runtime';\n")).toEqual([
      expect.stringContaining('can only depend on libs tagged with "scope:sdk"'),
    ]);
  });

  it('refuses a connector importing @camunda8/sdk', async () => {
    expect(await boundaryErrors('packages/connectors/http-json/src/probe.ts', "import '@camunda8/sdk';\n")).toEqual([
      expect.stringContaining('@camunda8/sdk'),
    ]);
  });

  it('refuses the SDK importing the runtime or @camunda8/sdk', async () => {
    expect(await boundaryErrors('packages/sdk/src/probe.ts', "import '@connectorkit/runtime';\n")).toHaveLength(1);
    expect(await boundaryErrors('packages/sdk/src/probe.ts', "import '@camunda8/sdk';\n")).toEqual([
      expect.stringContaining('is not allowed to import "@camunda8/sdk"'),
    ]);
  });

  it('lets the runtime import the SDK and @camunda8/sdk', async () => {
    expect(await boundaryErrors('packages/runtime/src/probe.ts', "import '@connectorkit/sdk';\nimport '@camunda8/sdk';\n")).toEqual([]);
  });
});
