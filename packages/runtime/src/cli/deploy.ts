import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeployError, deployResources, type DeployFile, type DeployResult } from '../engine/deploy.js';
import type { CliIo } from './run.js';

/** Extensions `connectors deploy` accepts (the engine tells BPMN, DMN and forms apart by them). */
export const DEPLOYABLE = ['.bpmn', '.dmn', '.form'] as const;

export const DEPLOY_USAGE = 'Usage: connectors deploy <file or directory> ... [--tenant <ID>] [--timeout <SECONDS>]';

class UsageError extends Error {}

/** Files named on the command line; a directory stands for its .bpmn, .dmn and .form files (not recursive). */
async function collect(paths: readonly string[], cwd: string): Promise<DeployFile[]> {
  const files: DeployFile[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`no such file: ${given}`);
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => (DEPLOYABLE as readonly string[]).includes(extname(n).toLowerCase())).sort();
      if (names.length === 0) throw new UsageError(`${given} holds no ${DEPLOYABLE.join(', ')} file`);
      for (const n of names) files.push({ name: n, content: await readFile(join(path, n)) });
      continue;
    }
    if (!(DEPLOYABLE as readonly string[]).includes(extname(path).toLowerCase())) {
      throw new UsageError(`${given}: not a BPMN, DMN or form file (expected ${DEPLOYABLE.join(', ')})`);
    }
    files.push({ name: basename(path), content: await readFile(path) });
  }
  if (files.length === 0) throw new UsageError(`name at least one file to deploy\n${DEPLOY_USAGE}`);
  return files;
}

export function describeDeployment(result: DeployResult): string {
  const lines = [`connectors: deployed to ${result.target.address} (deployment ${result.key}${result.tenantId ? `, tenant ${result.tenantId}` : ''}):`];
  for (const r of result.resources) {
    const what = r.kind === 'decision-requirements' ? 'decision requirements' : r.kind;
    lines.push(`  ${what} ${r.id}  version ${r.version}  key ${r.key}${r.resourceName ? `  (${r.resourceName})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `connectors deploy <files...>`: exit 0 deployed, 1 the engine did not answer or refused, 2 usage (missing file...). */
export async function runDeploy(io: CliIo, argv: readonly string[]): Promise<number> {
  let files: DeployFile[];
  let tenantId: string | undefined;
  let timeoutMs = 10_000;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { tenant: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError(`${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n${DEPLOY_USAGE}`);
    }
    if (parsed.values.help) {
      io.stdout.write(`${DEPLOY_USAGE}\n`);
      return 0;
    }
    tenantId = parsed.values.tenant;
    if (parsed.values.timeout !== undefined) {
      const seconds = Number(parsed.values.timeout);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout="${parsed.values.timeout}": must be a number of seconds above 0`);
      timeoutMs = seconds * 1000;
    }
    files = await collect(parsed.positionals, io.cwd);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`connectors deploy: ${e.message}\n`);
    return 2;
  }
  try {
    const result = await deployResources(files, { connectTimeoutMs: timeoutMs, ...(tenantId ? { tenantId } : {}) });
    io.stdout.write(describeDeployment(result));
    return 0;
  } catch (e) {
    if (!(e instanceof DeployError)) throw e;
    const hint =
      e.code === 'ENGINE_UNREACHABLE'
        ? '\n  Set ZEEBE_GRPC_ADDRESS (and CAMUNDA_AUTH_STRATEGY, OAuth variables) for your cluster, or start the local engine: node tools/engine/engine.mjs start'
        : '';
    io.stderr.write(`connectors deploy: ${e.message}${hint}\n`);
    return 1;
  }
}
