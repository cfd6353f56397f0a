#!/usr/bin/env node
// Local Zeebe engine for tests: start/stop/status/ensure a real in-memory Zeebe
// (io.camunda:zeebe-process-test-engine) behind its real gRPC gateway.
// Plain Node ESM, builtins only. See README.md in this folder.
//
//   node tools/engine/engine.mjs start|stop|status|ensure|prepare
//
// Also importable, e.g. from a vitest globalSetup:
//   import { ensureEngine, stopEngine, isEngineUp } from '../../tools/engine/engine.mjs';

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const POM = path.join(HERE, 'pom.xml');
const MAIN_CLASS = 'io.camunda.connectors.tools.engine.LocalZeebe';
const SOURCE_ROOT = path.join(HERE, 'src/main/java');

/** Default engine version (zeebe-process-test-engine); keep in sync with pom.xml. */
export const DEFAULT_VERSION = '8.8.21';
const MIN_JAVA = 21;
const DEFAULT_JAVA_OPTS = '-Xms64m -Xmx2g -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError';

/**
 * Resolved configuration: explicit options win over env vars, which win over defaults.
 * @param {object} [opts]
 */
export function resolveConfig(opts = {}) {
  const env = opts.env ?? process.env;
  const cacheBase = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const home = path.resolve(opts.home ?? env.CONNECTORS_ENGINE_HOME ?? path.join(cacheBase, 'connectors-engine'));
  const grpcPort = toPort(opts.grpcPort ?? env.CONNECTORS_ENGINE_GRPC_PORT ?? 26500, 'CONNECTORS_ENGINE_GRPC_PORT');
  const healthPort = toPort(opts.healthPort ?? env.CONNECTORS_ENGINE_HEALTH_PORT ?? 9600, 'CONNECTORS_ENGINE_HEALTH_PORT');
  return {
    resolved: true,
    env,
    home,
    grpcPort,
    healthPort,
    version: opts.version ?? env.CONNECTORS_ENGINE_VERSION ?? DEFAULT_VERSION,
    javaOpts: splitArgs(opts.javaOpts ?? env.CONNECTORS_ENGINE_JAVA_OPTS ?? DEFAULT_JAVA_OPTS),
    jvmDir: opts.jvmDir ?? env.CONNECTORS_ENGINE_JVM_DIR ?? '/usr/lib/jvm',
    mvn: opts.mvn ?? env.CONNECTORS_ENGINE_MVN ?? 'mvn',
    mvnArgs: splitArgs(opts.mvnArgs ?? env.CONNECTORS_ENGINE_MVN_ARGS ?? ''),
    startTimeoutMs: Number(opts.startTimeoutMs ?? env.CONNECTORS_ENGINE_START_TIMEOUT_MS ?? 120_000),
    stopTimeoutMs: Number(opts.stopTimeoutMs ?? env.CONNECTORS_ENGINE_STOP_TIMEOUT_MS ?? 15_000),
    pidFile: path.join(home, `engine-${healthPort}.pid`),
    logFile: path.join(home, `engine-${healthPort}.log`),
    lockFile: path.join(home, `engine-${healthPort}.lock`),
    healthUrl: `http://127.0.0.1:${healthPort}/actuator/health/status`,
    grpcAddress: `grpc://localhost:${grpcPort}`,
    log: opts.log ?? ((msg) => process.stderr.write(`[engine] ${msg}\n`)),
  };
}

function configOf(opts) {
  return opts?.resolved ? opts : resolveConfig(opts);
}

function toPort(value, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`invalid port ${name}=${value}`);
  return n;
}

function splitArgs(value) {
  return Array.isArray(value) ? value : String(value).split(/\s+/).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Java and Maven discovery

/** Major version of a `java` binary, or undefined. */
export function javaMajor(javaBin) {
  const r = spawnSync(javaBin, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  const out = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  const m = out.match(/version "(\d+)(?:\.(\d+))?/);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major; // "1.8.0" style
}

/**
 * Find a JDK >= 21 (needs bin/java and bin/javac). JAVA_HOME wins when it is >= 21, otherwise
 * <jvmDir>/* is scanned and the lowest major >= 21 is chosen (closest to the engine's target).
 * @returns {{ home: string, java: string, javac: string, major: number }}
 */
export function findJava(opts = {}) {
  const cfg = configOf(opts);
  const candidates = [];
  const seen = new Set();
  const consider = (home, origin) => {
    if (!home) return undefined;
    const java = path.join(home, 'bin', 'java');
    const javac = path.join(home, 'bin', 'javac');
    let real;
    try {
      real = fs.realpathSync(java);
    } catch {
      return undefined;
    }
    if (seen.has(real)) return undefined;
    seen.add(real);
    const major = javaMajor(java);
    const c = { home, java, javac, major, origin, hasJavac: fs.existsSync(javac) };
    candidates.push(c);
    return c;
  };

  const fromEnv = consider(cfg.env.JAVA_HOME, 'JAVA_HOME');
  if (fromEnv && fromEnv.major >= MIN_JAVA && fromEnv.hasJavac) return fromEnv;
  if (fromEnv) cfg.log(`ignoring JAVA_HOME=${cfg.env.JAVA_HOME} (java ${fromEnv.major ?? '?'}${fromEnv.hasJavac ? '' : ', no javac'}); need a JDK ${MIN_JAVA}+`);

  let entries = [];
  try {
    entries = fs.readdirSync(cfg.jvmDir).sort();
  } catch {
    // no such dir: handled by the error below
  }
  for (const e of entries) consider(path.join(cfg.jvmDir, e), cfg.jvmDir);
  const ok = candidates
    .filter((c) => c.origin !== 'JAVA_HOME' && c.major >= MIN_JAVA && c.hasJavac)
    .sort((a, b) => a.major - b.major);
  if (ok.length > 0) return ok[0];
  const found = candidates.map((c) => `${path.basename(c.home)}=${c.major ?? '?'}${c.hasJavac ? '' : '(no javac)'}`);
  throw new Error(
    `no JDK ${MIN_JAVA}+ found under ${cfg.jvmDir} (found: ${found.join(', ') || 'none'}); install one or set JAVA_HOME to a JDK ${MIN_JAVA}+`,
  );
}

function findOnPath(cmd, env) {
  if (cmd.includes('/')) return fs.existsSync(cmd) ? cmd : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Build: resolve the class path with mvn (into ~/.m2) and compile the Java sources with javac, into
// <home>/build/<version>-<pom hash>/ (outside git). The class path is reused while pom and version
// match; the classes live in classes-<source hash>/, so any change to any .java file under
// src/main/java (edited, added or removed) compiles afresh on the next prepare/start.

/** Every .java file under src/main/java, sorted (relative paths). */
function javaSources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.java')) out.push(path.relative(SOURCE_ROOT, p));
    }
  };
  walk(SOURCE_ROOT);
  return out.sort();
}

/**
 * Resolve dependencies and compile if needed.
 * @returns {{ buildDir: string, classesDir: string, classpath: string, java: ReturnType<typeof findJava> }}
 */
export function prepareEngine(opts = {}) {
  const cfg = configOf(opts);
  const java = findJava(cfg);
  const depsHash = createHash('sha256').update(fs.readFileSync(POM)).update(cfg.version).digest('hex').slice(0, 12);
  const sources = javaSources();
  const srcHash = createHash('sha256');
  for (const rel of sources) srcHash.update(rel).update('\0').update(fs.readFileSync(path.join(SOURCE_ROOT, rel))).update('\0');
  const buildDir = path.join(cfg.home, 'build', `${cfg.version}-${depsHash}`);
  const cpFile = path.join(buildDir, 'classpath.txt');
  const classesDir = path.join(buildDir, `classes-${srcHash.digest('hex').slice(0, 12)}`);
  fs.mkdirSync(buildDir, { recursive: true });

  const cpValid = () => {
    if (!fs.existsSync(cpFile)) return false;
    const entries = fs.readFileSync(cpFile, 'utf8').trim().split(path.delimiter).filter(Boolean);
    return entries.length > 0 && entries.every((e) => fs.existsSync(e)); // ~/.m2 may have been wiped
  };

  if (!cpValid()) {
    const mvn = findOnPath(cfg.mvn, cfg.env);
    if (!mvn) throw new Error(`mvn not found (${cfg.mvn.includes('/') ? `no file ${cfg.mvn}` : `'${cfg.mvn}' is not on PATH`}); install Maven (e.g. apt-get install maven) or set CONNECTORS_ENGINE_MVN`);
    fs.copyFileSync(POM, path.join(buildDir, 'pom.xml'));
    cfg.log(`resolving io.camunda:zeebe-process-test-engine:${cfg.version} with mvn (about 130 MB into ~/.m2 if not cached yet)...`);
    const args = [
      '-B',
      '-q',
      '-Dstyle.color=never',
      ...cfg.mvnArgs,
      '-f',
      path.join(buildDir, 'pom.xml'),
      `-Dzpt.version=${cfg.version}`,
      `-Dmdep.outputFile=${cpFile}`,
      'dependency:build-classpath',
    ];
    const r = spawnSync(mvn, args, { cwd: buildDir, encoding: 'utf8', env: cfg.env, maxBuffer: 64 * 1024 * 1024 });
    fs.writeFileSync(path.join(buildDir, 'mvn.log'), `${r.stdout ?? ''}${r.stderr ?? ''}`);
    if (r.error || r.status !== 0 || !cpValid()) {
      // eslint-disable-next-line no-control-regex
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.replace(/\x1b\[[0-9;]*m/g, '');
      const errors = out.split('\n').filter((l) => /Could not|Failed|not found|resolve|ERROR\] [A-Za-z]/.test(l) && !/Re-run Maven|full stack trace|For more information|\[Help 1\] http/.test(l));
      const hint = /cached in the local repository/.test(out) ? '\n(hint: a cached failure; retry with CONNECTORS_ENGINE_MVN_ARGS=-U)' : '';
      throw new Error(`dependency resolution failed: ${tail(errors.length ? errors.join('\n') : out, 15)}${hint}\n(full mvn output: ${path.join(buildDir, 'mvn.log')})`);
    }
  }

  if (!fs.existsSync(classesDir)) {
    // Compile into a private folder and rename it into place: a folder that exists is complete,
    // and two parallel prepares cannot mix their output.
    const tmpDir = `${classesDir}.tmp-${process.pid}`;
    fs.rmSync(tmpDir, { recursive: true, force: true });
    const r = spawnSync(
      java.javac,
      ['--release', String(MIN_JAVA), '-nowarn', '-cp', fs.readFileSync(cpFile, 'utf8').trim(), '-d', tmpDir, ...sources.map((rel) => path.join(SOURCE_ROOT, rel))],
      { encoding: 'utf8' },
    );
    if (r.error || r.status !== 0) {
      fs.rmSync(tmpDir, { recursive: true, force: true });
      throw new Error(`javac failed (${java.javac}): ${tail(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ?? ''}`, 20)}`);
    }
    try {
      fs.renameSync(tmpDir, classesDir);
    } catch (e) {
      fs.rmSync(tmpDir, { recursive: true, force: true });
      if (!fs.existsSync(classesDir)) throw e; // else: a parallel prepare won the race with the same sources
    }
  }
  const classpath = [classesDir, fs.readFileSync(cpFile, 'utf8').trim()].join(path.delimiter);
  return { buildDir, classesDir, classpath, java };
}

// ---------------------------------------------------------------------------------------------
// Process control

/** True when the engine's health endpoint answers 200. */
export async function isEngineUp(opts = {}) {
  const cfg = configOf(opts);
  try {
    const res = await fetch(cfg.healthUrl, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function readPid(cfg) {
  try {
    const pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Is `pid` our LocalZeebe java process (guards against a recycled pid)? */
function isOurProcess(pid) {
  if (!isAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(MAIN_CLASS);
  } catch {
    return process.platform !== 'linux'; // no /proc: trust the pid file
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.once('listening', () => srv.close(() => resolve(true)));
    srv.listen({ port, exclusive: true }); // wildcard, like the engine binds
  });
}

function tail(text, n) {
  return String(text).trimEnd().split('\n').slice(-n).join('\n');
}

function logTail(cfg, n = 40) {
  try {
    return tail(fs.readFileSync(cfg.logFile, 'utf8'), n);
  } catch {
    return '(no log)';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function withLock(cfg, fn) {
  fs.mkdirSync(cfg.home, { recursive: true });
  const deadline = Date.now() + cfg.startTimeoutMs + 300_000;
  for (;;) {
    try {
      fs.writeFileSync(cfg.lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(cfg.lockFile, 'utf8').trim() || 0);
      if (!holder || !isAlive(holder)) {
        fs.rmSync(cfg.lockFile, { force: true }); // stale
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${cfg.lockFile} (held by pid ${holder})`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(cfg.lockFile, { force: true });
  }
}

/**
 * Start the engine detached and wait until its health endpoint answers.
 * Resolves to { started, pid, grpcAddress, healthUrl, logFile, readyMs }. `started` is false when
 * an engine started by this tool is already running. Throws when the ports are taken by something
 * else, on build errors, or when the engine is not ready within CONNECTORS_ENGINE_START_TIMEOUT_MS.
 */
export async function startEngine(opts = {}) {
  const cfg = configOf(opts);
  return withLock(cfg, () => startLocked(cfg));
}

async function startLocked(cfg) {
  const info = (extra) => ({ grpcAddress: cfg.grpcAddress, healthUrl: cfg.healthUrl, logFile: cfg.logFile, ...extra });
  const oldPid = readPid(cfg);
  if (oldPid && isOurProcess(oldPid)) {
    if (await isEngineUp(cfg)) return info({ started: false, pid: oldPid });
    cfg.log(`pid ${oldPid} from ${cfg.pidFile} is alive but not healthy; stopping it first`);
    await stopEngine(cfg);
  } else if (oldPid) {
    fs.rmSync(cfg.pidFile, { force: true }); // stale
  }
  if (await isEngineUp(cfg)) {
    throw new Error(`something already answers on ${cfg.healthUrl} but was not started by this tool (no live pid in ${cfg.pidFile}); stop it or use 'ensure'`);
  }
  for (const [port, name] of [
    [cfg.grpcPort, 'CONNECTORS_ENGINE_GRPC_PORT'],
    [cfg.healthPort, 'CONNECTORS_ENGINE_HEALTH_PORT'],
  ]) {
    if (!(await portFree(port))) throw new Error(`port ${port} is already in use (choose another with ${name})`);
  }

  const { classpath, java, classesDir } = prepareEngine(cfg);
  const argFile = `${classesDir}.args`; // one per source version: engines of other sources may start beside it
  fs.writeFileSync(argFile, `-cp "${classpath}"\n`);
  const jvmArgs = [...cfg.javaOpts];
  if (java.major >= 23) jvmArgs.push('--sun-misc-unsafe-memory-access=allow'); // Agrona; silences JDK 24+ warnings
  if (java.major >= 22) jvmArgs.push('--enable-native-access=ALL-UNNAMED');
  const args = [...jvmArgs, `@${argFile}`, MAIN_CLASS, String(cfg.grpcPort), String(cfg.healthPort)];

  const t0 = Date.now();
  const logFd = fs.openSync(cfg.logFile, 'w');
  fs.writeSync(logFd, `# ${new Date().toISOString()} ${java.java} (java ${java.major}) ${args.join(' ')}\n`);
  const child = spawn(java.java, args, { cwd: cfg.home, detached: true, stdio: ['ignore', logFd, logFd], env: cfg.env });
  fs.closeSync(logFd);
  let exited;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  child.once('error', (err) => (exited = { err }));
  child.unref();
  if (!child.pid) throw new Error(`could not spawn ${java.java}: ${exited?.err ?? 'unknown error'}`);
  fs.writeFileSync(cfg.pidFile, String(child.pid));
  cfg.log(`starting engine pid ${child.pid} (java ${java.major}, zeebe-process-test-engine ${cfg.version}), log: ${cfg.logFile}`);

  const deadline = t0 + cfg.startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      fs.rmSync(cfg.pidFile, { force: true });
      throw new Error(
        `engine exited before it was ready (${exited.err ?? `code ${exited.code}, signal ${exited.signal}`}); last log lines of ${cfg.logFile}:\n${logTail(cfg)}`,
      );
    }
    if (await isEngineUp(cfg)) {
      const readyMs = Date.now() - t0;
      cfg.log(`engine ready in ${readyMs} ms: gRPC ${cfg.grpcAddress}, health ${cfg.healthUrl}`);
      return info({ started: true, pid: child.pid, readyMs });
    }
    await sleep(200);
  }
  await stopEngine(cfg);
  throw new Error(`engine not ready after ${cfg.startTimeoutMs} ms; last log lines of ${cfg.logFile}:\n${logTail(cfg)}`);
}

/**
 * Start the engine unless something already answers on the health port.
 * Resolves to the startEngine result, or { started: false, pid?: number } when it was up already.
 */
export async function ensureEngine(opts = {}) {
  const cfg = configOf(opts);
  if (await isEngineUp(cfg)) {
    const pid = readPid(cfg);
    return { started: false, pid: pid && isOurProcess(pid) ? pid : undefined, grpcAddress: cfg.grpcAddress, healthUrl: cfg.healthUrl, logFile: cfg.logFile };
  }
  return withLock(cfg, async () => {
    if (await isEngineUp(cfg)) return { started: false, grpcAddress: cfg.grpcAddress, healthUrl: cfg.healthUrl, logFile: cfg.logFile };
    return startLocked(cfg);
  });
}

/**
 * Stop the engine started by this tool: SIGTERM, wait CONNECTORS_ENGINE_STOP_TIMEOUT_MS, SIGKILL.
 * Resolves to { stopped: boolean, pid?: number, killed?: boolean, reason?: string }.
 */
export async function stopEngine(opts = {}) {
  const cfg = configOf(opts);
  const pid = readPid(cfg);
  if (!pid || !isOurProcess(pid)) {
    fs.rmSync(cfg.pidFile, { force: true });
    const up = await isEngineUp(cfg);
    return { stopped: false, reason: up ? `an engine answers on ${cfg.healthUrl} but was not started by this tool (no live pid in ${cfg.pidFile})` : 'not running' };
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + cfg.stopTimeoutMs;
  while (Date.now() < deadline && isAlive(pid)) await sleep(100);
  let killed = false;
  if (isAlive(pid)) {
    cfg.log(`pid ${pid} still alive after ${cfg.stopTimeoutMs} ms; sending SIGKILL`);
    process.kill(pid, 'SIGKILL');
    killed = true;
    const killDeadline = Date.now() + 5000;
    while (Date.now() < killDeadline && isAlive(pid)) await sleep(100);
  }
  fs.rmSync(cfg.pidFile, { force: true });
  return { stopped: true, pid, killed };
}

/** Status snapshot: { up, pid, ownProcess, grpcAddress, healthUrl, logFile, home, version }. */
export async function engineStatus(opts = {}) {
  const cfg = configOf(opts);
  const pid = readPid(cfg);
  const own = pid ? isOurProcess(pid) : false;
  return {
    up: await isEngineUp(cfg),
    pid: own ? pid : undefined,
    ownProcess: own,
    grpcAddress: cfg.grpcAddress,
    healthUrl: cfg.healthUrl,
    logFile: cfg.logFile,
    home: cfg.home,
    version: cfg.version,
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

const USAGE = `usage: node tools/engine/engine.mjs <start|stop|status|ensure|prepare>
  start    build if needed, start the engine detached, wait until healthy
  stop     SIGTERM the engine started by this tool (SIGKILL after a timeout)
  status   print the status; exit 0 when healthy, 1 otherwise
  ensure   start the engine only if nothing answers on the health port
  prepare  resolve dependencies and compile only (e.g. to warm a CI cache)
env: CONNECTORS_ENGINE_GRPC_PORT, CONNECTORS_ENGINE_HEALTH_PORT, CONNECTORS_ENGINE_HOME,
     CONNECTORS_ENGINE_VERSION, CONNECTORS_ENGINE_JAVA_OPTS, JAVA_HOME, ... (see README.md)`;

async function main(argv) {
  const cmd = argv[0];
  switch (cmd) {
    case 'start': {
      const r = await startEngine();
      console.log(r.started ? `engine started (pid ${r.pid}, ready in ${r.readyMs} ms): ${r.grpcAddress}` : `engine already running (pid ${r.pid}): ${r.grpcAddress}`);
      return 0;
    }
    case 'ensure': {
      const r = await ensureEngine();
      console.log(
        r.started
          ? `engine started by ensure (pid ${r.pid}, ready in ${r.readyMs} ms): ${r.grpcAddress}`
          : `engine already up, not started by ensure${r.pid ? ` (pid ${r.pid})` : ''}: ${r.grpcAddress}`,
      );
      return 0;
    }
    case 'stop': {
      const r = await stopEngine();
      console.log(r.stopped ? `engine stopped (pid ${r.pid}${r.killed ? ', SIGKILL' : ''})` : `nothing stopped: ${r.reason}`);
      return 0;
    }
    case 'status': {
      const s = await engineStatus();
      console.log(
        [
          `up:      ${s.up}`,
          `pid:     ${s.pid ?? (s.up ? '(not started by this tool)' : '-')}`,
          `gRPC:    ${s.grpcAddress}`,
          `health:  ${s.healthUrl}`,
          `log:     ${s.logFile}`,
          `home:    ${s.home}`,
          `version: ${s.version}`,
        ].join('\n'),
      );
      return s.up ? 0 : 1;
    }
    case 'prepare': {
      const r = prepareEngine();
      console.log(`engine prepared in ${r.classesDir} (java ${r.java.major} at ${r.java.home})`);
      return 0;
    }
    default:
      console.error(USAGE);
      return cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help' ? 0 : 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`engine: ${err.message}`);
      process.exit(1);
    },
  );
}
