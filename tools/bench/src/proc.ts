import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** A child process of the benchmark. */
export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  exited: Promise<string>;
}

export interface SpawnOptions {
  name: string;
  /** Node arguments (flags, script, script arguments). The process is `node` itself: its pid is the one measured. */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
  /** Resolve `ready` when a stdout line equals this (stdout is copied to the log as well). */
  readyLine?: string;
}

const children = new Set<Child>();

/** Spawns `process.execPath` directly (no npx / tsx wrapper); stdout and stderr go to `logFile`. */
export function spawnNode(o: SpawnOptions): { child: Child; ready: Promise<void> } {
  const fd = openSync(o.logFile, 'a');
  const proc = spawn(process.execPath, o.args, { cwd: o.cwd, env: o.env, stdio: ['ignore', o.readyLine ? 'pipe' : fd, fd, 'ipc'] });
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`could not start ${o.name}`);
  const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const child: Child = { name: o.name, proc, pid: proc.pid, logFile: o.logFile, exited };
  children.add(child);
  void exited.then(() => children.delete(child));
  const died = exited.then((how) => {
    throw new Error(`${o.name} exited (${how}) before it was ready; see ${o.logFile}`);
  });
  died.catch(() => undefined);
  let ready: Promise<void> = Promise.resolve();
  if (o.readyLine) {
    const want = o.readyLine;
    const log = createWriteStream(o.logFile, { flags: 'a' });
    ready = Promise.race([
      new Promise<void>((resolve) => {
        createInterface({ input: proc.stdout! }).on('line', (line) => {
          log.write(`${line}\n`);
          if (line.trim() === want) resolve();
        });
      }),
      died,
    ]);
  }
  return { child, ready };
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Stops every child still running (on exit, error or signal). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/** Synchronous last resort from an `exit` handler. */
export function killAllChildrenNow(): void {
  for (const c of children) {
    try {
      c.proc.kill('SIGKILL');
    } catch {
      // gone already
    }
  }
}

function statusField(pid: number, field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Peak resident set size (VmHWM) of a live process, in bytes. */
export const peakRss = (pid: number) => statusField(pid, 'VmHWM');
/** Current resident set size (VmRSS), in bytes. */
export const currentRss = (pid: number) => statusField(pid, 'VmRSS');

/** CPU time (user + system) a live process has used, in ms; undefined when it cannot be read. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process in ms with nanosecond resolution: the run time of each of its live threads
 * (`/proc/<pid>/task/<tid>/schedstat`), for short windows such as idle CPU where the 10 ms ticks of
 * {@link cpuMs} are too coarse. Threads that ended are not counted (node keeps its threads).
 */
export function cpuMsPrecise(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return cpuMs(pid);
  }
}

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `url` until it answers 200; resolves with the time it took (ms from `since`). */
export async function waitForHttp200(url: string, since: number, timeoutMs: number, alive: Promise<never>): Promise<number> {
  const deadline = since + timeoutMs;
  const attempt = async (): Promise<number> => {
    while (Date.now() < deadline) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return Date.now() - since;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
  };
  return Promise.race([attempt(), alive]);
}

/** Median of the numbers that are not NaN (NaN when there are none); the mean of the middle two for an even count. */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Whole number option in [min, max], or exit 2 with the usage. */
export function whole(name: string, raw: string, min: number, max: number, usage: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, got '${raw}'\n\n${usage}`);
    process.exit(2);
  }
  return n;
}

/** Every line of a runtime's JSON log, in order: its message and when it was written (ms after `t0`). */
export function logMessages(logFile: string, t0: number): { msg: string; ms: number }[] {
  const out: { msg: string; ms: number }[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const rec = JSON.parse(line) as { time?: string | number; msg?: string };
      if (rec.time !== undefined) out.push({ msg: String(rec.msg ?? ''), ms: new Date(rec.time).getTime() - t0 });
    } catch {
      // not a log line
    }
  }
  return out;
}

/**
 * The milestones of a runtime's start, by the messages of its log, in the order they come:
 * first log line, HTTP server listening, start-up done, engine answered, workers running.
 */
export const RUNTIME_STARTUP_MARKS = [
  ['first log line', () => true],
  ['HTTP listening', (m: string) => m.startsWith('Server listening')],
  ['runtime started', (m: string) => m === 'connector runtime started'],
  ['engine connected', (m: string) => m.startsWith('engine connected')],
  ['workers started', (m: string) => m === 'workers started'],
] as const;

/**
 * When a runtime reached each milestone, from its JSON log (ms after `t0`): `marks` are pairs of a
 * name and a test of the log line's message (default: the runtime's own); marks never reached are left out.
 */
export function startupMilestones(logFile: string, t0: number, marks: ReadonlyArray<readonly [string, (msg: string) => boolean]> = RUNTIME_STARTUP_MARKS): string | undefined {
  const lines = logMessages(logFile, t0);
  const reached = marks
    .map(([name, test]) => [name, lines.find((l) => test(l.msg))?.ms] as const)
    .filter((m): m is readonly [string, number] => m[1] !== undefined);
  return reached.length ? reached.map(([name, ms]) => `${name} ${ms}`).join(', ') : undefined;
}
