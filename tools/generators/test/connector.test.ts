import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import generatorModule from '../src/connector/generator.cjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const KINDS = ['outbound', 'webhook', 'subscription', 'polling'] as const;
type Generator = (tree: unknown, options: Record<string, unknown>) => Promise<() => void>;
const connectorGenerator = generatorModule as unknown as Generator;

describe('connector generator: options', () => {
  it('refuses a name that is not lower case with dashes, an unknown kind and an existing folder', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(connectorGenerator(tree, { name: 'Weather', kind: 'outbound' })).rejects.toThrow('use lower case letters');
    await expect(connectorGenerator(tree, { name: 'weather', kind: 'queue' })).rejects.toThrow('--kind queue: use one of outbound, webhook, subscription, polling');
    tree.write('packages/connectors/weather/package.json', '{}');
    await expect(connectorGenerator(tree, { name: 'weather' })).rejects.toThrow('packages/connectors/weather already exists');
  });

  it('writes the package with the workspace conventions', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await connectorGenerator(tree, { name: 'order-events', kind: 'webhook', skipTemplates: true });
    const pkg = JSON.parse(tree.read('packages/connectors/order-events/package.json', 'utf8')!) as Record<string, unknown>;
    expect(pkg).toMatchObject({
      name: '@connectorkit/connector-order-events',
      connectorkit: { connectors: '.' },
      nx: { tags: ['scope:connector'] },
      exports: { '.': { '@connectorkit/source': './src/index.ts', default: './dist/index.js' } },
      dependencies: { '@connectorkit/sdk': '^0.1.0' },
    });
    expect(tree.read('packages/connectors/order-events/src/connector.ts', 'utf8')).toContain("kind: 'webhook'");
    expect(tree.read('packages/connectors/order-events/src/connector.ts', 'utf8')).toContain('export const orderEventsConnector = defineInbound({');
  });
});

/**
 * Generates one connector of each kind into a copy of the workspace (root configs, the SDK and
 * the tools; node_modules linked), then runs what a developer runs next: lint, typecheck, test,
 * build, and the element template check. Nothing is edited in between.
 */
describe('connector generator: a generated connector passes every target at once', () => {
  let copy: string;
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' };
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: copy, env, encoding: 'utf8', stdio: 'pipe' });

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'connectorkit-generator-'));
    for (const f of ['package.json', 'nx.json', 'tsconfig.base.json', 'eslint.config.js', 'vitest.shared.ts', '.npmrc']) {
      if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(copy, f));
    }
    const skip = (src: string) => !/[/\\](node_modules|dist|\.nx)([/\\]|$)/.test(src);
    cpSync(join(ROOT, 'packages/sdk'), join(copy, 'packages/sdk'), { recursive: true, filter: skip });
    cpSync(join(ROOT, 'tools/templates'), join(copy, 'tools/templates'), { recursive: true, filter: skip });
    cpSync(join(ROOT, 'tools/generators'), join(copy, 'tools/generators'), { recursive: true, filter: skip });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { workspaces: string[] };
    pkg.workspaces = ['packages/sdk', 'packages/connectors/*', 'tools/*'];
    writeFileSync(join(copy, 'package.json'), JSON.stringify(pkg, null, 2));
    // The template tool reads the git history (kept template versions): the copy is a repository of its own.
    const git = ['-c', 'user.name=generator-test', '-c', 'user.email=generator-test@localhost', '-c', 'commit.gpgsign=false'];
    run('git', ['init', '-q']);
    run('git', ['add', '-A']);
    run('git', [...git, 'commit', '-q', '-m', 'copy']);
  });

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('generates, lints, typechecks, tests, builds, and its element templates validate', () => {
    const nx = join(copy, 'node_modules/.bin/nx');
    for (const kind of KINDS) run(nx, ['g', '@connectorkit/generators:connector', `demo-${kind}`, '--kind', kind, '--no-interactive']);
    for (const kind of KINDS) {
      const dir = join(copy, 'packages/connectors', `demo-${kind}`);
      expect(readdirSync(join(dir, 'element-templates')).length, `${kind}: element templates`).toBeGreaterThan(0);
    }
    const projects = KINDS.map((k) => `@connectorkit/connector-demo-${k}`).join(',');
    let output = '';
    try {
      output = run(nx, ['run-many', '-t', 'lint', 'typecheck', 'test', 'build', `--projects=${projects}`, '--outputStyle=static', '--skip-nx-cache']);
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`nx run-many failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
    // Nx colours its summary when it thinks a terminal or CI is watching: compare the plain text.
    expect(output.replace(/\u001b\[[0-9;]*m/g, '')).toContain('Successfully ran targets lint, typecheck, test, build for 4 projects');
    for (const kind of KINDS) expect(existsSync(join(copy, 'packages/connectors', `demo-${kind}`, 'dist/index.js'))).toBe(true);
    const check = run(process.execPath, [join(copy, 'node_modules/tsx/dist/cli.mjs'), '--conditions=@connectorkit/source', 'tools/templates/src/cli.ts', 'check']);
    expect(check).toContain('element templates are up to date and valid');
  });
});
