import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RUN, testClient, type ZeebeClient } from './support/engine.js';

/**
 * What a consumer gets from npm: the SDK, the runtime and one connector are built, packed with
 * `npm pack` and installed from those tarballs into a fresh folder outside the monorepo (their
 * third-party dependencies come from the registry through npm, as for any user). There the
 * installed runtime is started as a user starts it, finds the installed connector by its
 * package.json manifest, and serves a REST job on the local engine. On the way: what each tarball
 * holds, its package metadata, source maps, the types of `@connectorkit/sdk/testing` under
 * `moduleResolution` node16 and bundler, and an install with no engine warning on Node 20.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const PACKAGES = [
  { dir: 'packages/sdk', name: '@connectorkit/sdk' },
  { dir: 'packages/runtime', name: '@connectorkit/runtime' },
  { dir: 'packages/connectors/http-json', name: '@connectorkit/connector-http-json' },
] as const;
/** The lowest Node.js the packages support (`engines`); every installed dependency must accept it. */
const NODE_MIN = '20.19.0';
const KEEP = process.env.E2E_PACK_KEEP === '1';

interface Packed {
  dir: string;
  name: string;
  tarball: string;
  files: string[];
}

let work = '';
let consumer = '';
let installLog = '';
const packed: Packed[] = [];

/** The environment for npm and the installed runtime: none of the workspace's npm or connectorkit settings leak in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_(package|lifecycle|command|config_(local_prefix|prefix|workspaces?|include_workspace_root))|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$|CONNECTORKIT_|ZEEBE_|CAMUNDA_|VITEST|NX_)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs a command, resolving with its exit code and output (never rejects on a non-zero exit). */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; error?: Error }>((done) => {
    execFile(cmd, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, error: error ?? undefined });
    });
  });
}

async function mustRun(what: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number) {
  const r = await run(cmd, args, cwd, env, timeoutMs);
  if (r.code !== 0) {
    throw new Error(`${what} failed (${r.error?.message ?? `exit ${r.code}`}) in ${cwd}:\n${(r.stdout + r.stderr).slice(-4000)}`);
  }
  return r;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'connectorkit-pack-'));
  const tarballs = join(work, 'tarballs');
  consumer = join(work, 'consumer');
  await mkdir(tarballs);
  await mkdir(consumer);
  expect(relative(ROOT, consumer).startsWith('..'), `the consumer folder ${consumer} is outside the monorepo`).toBe(true);

  // Build (one at a time: the machine has 2 cores) and pack each package as a release from a fresh
  // clone would: the package's files are copied next to a fresh build of its sources, so output
  // left in the workspace's dist/ by a source since deleted is not packed (tsc never cleans dist/),
  // and the workspace's dist/ is left alone for whoever uses it meanwhile.
  for (const p of PACKAGES) {
    const source = join(ROOT, p.dir);
    const staged = join(work, 'staged', p.dir);
    await cp(source, staged, { recursive: true, filter: (from) => !/^(node_modules|dist)$/.test(relative(source, from)) });
    const build = ['-p', 'tsconfig.lib.json', '--outDir', join(staged, 'dist')];
    await mustRun(`building ${p.name} (tsc -p tsconfig.lib.json)`, process.execPath, [TSC, ...build], source, cleanEnv(), 180_000);
    const { stdout } = await mustRun(`npm pack of ${p.name}`, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs], staged, cleanEnv(), 120_000);
    const info = (JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[])[0]!;
    packed.push({ ...p, tarball: join(tarballs, info.filename), files: info.files.map((f) => f.path).sort() });
  }

  // A consumer project. better-sqlite3's install script is turned off: with no prebuilt binary
  // within reach it compiles SQLite from source (about 4 minutes here), and the runtime loads it
  // only for the state of inbound polling and subscription connectors, which this consumer has none of.
  // protobufjs and win-ca as in the workspace's own package.json.
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify(
      { name: 'connectorkit-consumer', version: '1.0.0', private: true, type: 'module', allowScripts: { 'better-sqlite3': false, protobufjs: false, 'win-ca': false } },
      null,
      2,
    ),
  );
  // All three tarballs in one install, so they satisfy each other's `^0.1.0` ranges.
  const install = await run('npm', ['install', '--no-audit', '--no-fund', ...packed.map((p) => p.tarball)], consumer, cleanEnv(), 420_000);
  installLog = install.stdout + install.stderr;
  if (install.code !== 0) {
    throw new Error(
      `npm could not install the packed tarballs into ${consumer} (${install.error?.message ?? `exit ${install.code}`}); ` +
        `their third-party dependencies come from the npm registry, so it must be reachable through npm. npm wrote:\n${installLog.slice(-4000)}`,
    );
  }
}, 900_000);

afterAll(async () => {
  if (work && !KEEP) await rm(work, { recursive: true, force: true });
  else if (work) process.stderr.write(`[pack] kept ${work}\n`);
});

describe('packed packages, installed by a consumer', () => {
  it('each tarball holds LICENSE, README, package.json, built JavaScript and types, and no tests or sources', async () => {
    const license = await readFile(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    for (const p of packed) {
      const { files } = p;
      expect(files, p.name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
      expect(files.filter((f) => /^dist\/.*\.js$/.test(f)).length, `${p.name}: dist JavaScript`).toBeGreaterThan(0);
      expect(files.filter((f) => /^dist\/.*\.d\.ts$/.test(f)).length, `${p.name}: dist .d.ts`).toBeGreaterThan(0);
      expect(files.filter((f) => /(\.test\.|\.test-d\.|(^|\/)test\/|(^|\/)__tests__\/|vitest\.config)/.test(f)), `${p.name}: test files`).toEqual([]);
      expect(files.filter((f) => f.startsWith('src/')), `${p.name}: sources`).toEqual([]);
      expect(await readFile(join(consumer, 'node_modules', p.name, 'LICENSE'), 'utf8'), `${p.name}: LICENSE is the root one`).toBe(license);
    }
  });

  it('each package says where it comes from and publishes publicly', async () => {
    for (const p of packed) {
      const pkg = JSON.parse(await readFile(join(consumer, 'node_modules', p.name, 'package.json'), 'utf8'));
      expect(pkg, p.name).toMatchObject({
        license: 'Apache-2.0',
        repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/), directory: p.dir },
        homepage: expect.stringMatching(/^https:\/\//),
        bugs: { url: expect.stringMatching(/^https:\/\//) },
        publishConfig: { access: 'public' },
      });
      expect(pkg.files, p.name).toContain('LICENSE');
    }
  });

  it('ships no source map whose sources are missing (the maps are off: none at all)', async () => {
    for (const p of packed) {
      const installed = join(consumer, 'node_modules', p.name);
      const shipped = new Set(p.files);
      const dangling: string[] = [];
      for (const f of p.files) {
        if (f.endsWith('.map')) {
          const map = JSON.parse(await readFile(join(installed, f), 'utf8')) as { sourceRoot?: string; sources: string[] };
          for (const s of map.sources) {
            const target = posix.normalize(posix.join(posix.dirname(f), map.sourceRoot ?? '', s));
            if (!shipped.has(target)) dangling.push(`${f} -> ${s}`);
          }
        } else if (/\.(m?js|d\.ts)$/.test(f)) {
          const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(await readFile(join(installed, f), 'utf8'))?.[1];
          if (url && !url.startsWith('data:') && !shipped.has(posix.normalize(posix.join(posix.dirname(f), url)))) dangling.push(`${f} -> ${url}`);
        }
      }
      expect(dangling, `${p.name}: source maps pointing at files not in the tarball`).toEqual([]);
      expect(p.files.filter((f) => f.endsWith('.map')), `${p.name}: .map files`).toEqual([]);
    }
  });

  it('installs from the tarballs, not from the workspace, with no engine warning on Node 20', async () => {
    for (const p of packed) {
      const at = join(consumer, 'node_modules', p.name);
      expect((await lstat(at)).isSymbolicLink(), `${at} is a copy from the tarball, not a link`).toBe(false);
    }
    expect(installLog).not.toMatch(/EBADENGINE/);
    // The same check, whatever Node runs this test: every installed package accepts Node 20.19.
    const semver = createRequire(join(ROOT, 'package.json'))('semver') as { satisfies(v: string, range: string): boolean };
    const refusing: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
        const at = join(dir, entry.name);
        if (entry.name.startsWith('@')) {
          await visit(at);
          continue;
        }
        if (existsSync(join(at, 'package.json'))) {
          const pkg = JSON.parse(await readFile(join(at, 'package.json'), 'utf8')) as { name?: string; version?: string; engines?: { node?: string } };
          if (pkg.engines?.node && !semver.satisfies(NODE_MIN, pkg.engines.node)) refusing.push(`${pkg.name}@${pkg.version} (node ${pkg.engines.node})`);
        }
        if (existsSync(join(at, 'node_modules'))) await visit(join(at, 'node_modules'));
      }
    };
    await visit(join(consumer, 'node_modules'));
    expect(refusing, `installed packages that refuse Node ${NODE_MIN}`).toEqual([]);
  });

  it.each([
    { resolution: 'node16', module: 'node16' },
    { resolution: 'bundler', module: 'esnext' },
  ])('types of @connectorkit/sdk/testing resolve under moduleResolution $resolution', async ({ resolution, module }) => {
    await writeFile(
      join(consumer, 'check-types.mts'),
      [
        "import { defineOutbound, p } from '@connectorkit/sdk';",
        "import { runOutbound } from '@connectorkit/sdk/testing';",
        '',
        'const echo = defineOutbound({',
        "  id: 'io.example.echo',",
        "  name: 'Echo',",
        '  version: 1,',
        "  type: 'io.example:echo:1',",
        "  properties: { city: p.text({ label: 'City', required: true }) },",
        '  async execute({ input }) {',
        '    const city: string = input.city;',
        '    // @ts-expect-error: not a property of this connector (unused, and so an error, if the types were any)',
        '    void input.country;',
        '    return { city };',
        '  },',
        '});',
        '',
        "export const result: { city: string } = await runOutbound(echo, { variables: { city: 'Berlin' } });",
        '',
      ].join('\n'),
    );
    // The workspace's TypeScript, with Node's types from the workspace: the consumer installs neither.
    const args = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2023', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types')];
    const r = await run(process.execPath, [TSC, ...args, '--moduleResolution', resolution, '--module', module, 'check-types.mts'], consumer, cleanEnv(), 120_000);
    expect(r.stdout + r.stderr, `tsc --moduleResolution ${resolution} --module ${module}`).toBe('');
    expect(r.code).toBe(0);
  });

  describe('the installed runtime serves the installed connector', () => {
    let server: Server;
    let serverUrl = '';
    const requests: string[] = [];
    let client: ZeebeClient;
    let child: ChildProcess | undefined;
    let output = '';

    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ from: 'pack-test', path: req.url }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      serverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      client = testClient();
    });

    afterAll(async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child!.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      await client?.close();
      await new Promise((r) => server?.close(r));
    });

    it('deploys a model with the installed CLI, finds the connector by its manifest and completes a REST job', async () => {
      const engine = inject('engine');
      const env = cleanEnv({
        ZEEBE_GRPC_ADDRESS: engine.grpcAddress,
        CAMUNDA_AUTH_STRATEGY: 'NONE',
        CONNECTORKIT_HTTP_HOST: '127.0.0.1',
        CONNECTORKIT_HTTP_PORT: '0',
        CONNECTORKIT_DISCOVERY: 'true',
        CONNECTORKIT_WORKER_NAME: `pack-${RUN}`,
        LOG_LEVEL: 'warn',
        NO_PROXY: '127.0.0.1,localhost',
        no_proxy: '127.0.0.1,localhost',
      });
      const cli = join(consumer, 'node_modules/@connectorkit/runtime/bin/connectors.js');
      const bpmnProcessId = `e2e-pack-${RUN}`;
      await writeFile(
        join(consumer, 'pack.bpmn'),
        `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="pack-definitions" targetNamespace="http://connectorkit.test/e2e">
  <bpmn:process id="${bpmnProcessId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>to-task</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="call" name="REST call">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="io.camunda:http-json:1" retries="1" />
        <zeebe:ioMapping>
          <zeebe:input source="noAuth" target="authentication.type" />
          <zeebe:input source="GET" target="method" />
          <zeebe:input source="=targetUrl" target="url" />
        </zeebe:ioMapping>
        <zeebe:taskHeaders>
          <zeebe:header key="resultExpression" value="={packed: {status: response.status, body: response.body}}" />
        </zeebe:taskHeaders>
      </bpmn:extensionElements>
      <bpmn:incoming>to-task</bpmn:incoming>
      <bpmn:outgoing>to-end</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="to-task" sourceRef="start" targetRef="call" />
    <bpmn:sequenceFlow id="to-end" sourceRef="call" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>
`,
      );
      const deployed = await run(process.execPath, [cli, 'deploy', 'pack.bpmn'], consumer, env, 120_000);
      expect(deployed.stdout + deployed.stderr, 'connectors deploy').toMatch(new RegExp(`process ${bpmnProcessId}\\s+version \\d+`));
      expect(deployed.code).toBe(0);

      child = spawn(process.execPath, [cli, 'start'], { cwd: consumer, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const deadline = Date.now() + 150_000; // a hang guard for a slow machine, not a timing assertion
      while (!output.includes('connectors: engine connected, workers running')) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the installed runtime did not get ready (exit ${child.exitCode}); it wrote:\n${output.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      // The connector came from the installed package, found by its package.json manifest.
      expect(output).toMatch(/connectors: serving 1 outbound connector\(s\):\n\s+io\.camunda:http-json:1\s+io\.connectorkit\.http-json \(@connectorkit\/connector-http-json\)\n/);

      const nonce = `pack-${RUN}-${Date.now()}`;
      const result = await client.createProcessInstanceWithResult({
        bpmnProcessId,
        variables: { targetUrl: `${serverUrl}/${nonce}` },
        requestTimeout: 120_000,
      });
      expect(result.variables, `the instance's variables; the runtime wrote:\n${output.slice(-2000)}`).toMatchObject({
        packed: { status: 200, body: { from: 'pack-test', path: `/${nonce}` } },
      });
      expect(requests).toContain(`GET /${nonce}`);

      const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('connectors: stopped');
    }, 300_000);
  });
});
