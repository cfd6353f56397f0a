/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by package or file, and the
 * heaviest functions. Used by webhook.ts `--cpu-prof`, and on its own:
 *
 *   npx tsx tools/bench/src/cpuprofile.ts FILE.cpuprofile [--top 25] [--per N]
 *
 * `--per N` also prints each line as µs per unit (e.g. per request) for N units.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: an npm package, a file of this repository's built packages, node's internals, or V8. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const repo = /\/packages\/((?:connectors\/)?[^/]+)\/(?:dist|src)\/(.+?)(?:\.[cm]?[jt]s)?$/.exec(url);
  if (repo) return `@connectorkit/${repo[1]!.replace('connectors/', 'connector-')}: ${repo[2]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return url;
}

export interface ProfileSummary {
  /** Sampled wall time of the profile (ms). */
  totalMs: number;
  /** Time not idle (everything but `(idle)`), ms. */
  busyMs: number;
  byBucket: [string, number][];
  byFunction: [string, number][];
}

export function summarise(file: string): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const bucket = new Map<string, number>();
  const fn = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    total += us;
    if (functionName === '(idle)') idle += us;
    const b = bucketOf(url, functionName);
    bucket.set(b, (bucket.get(b) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/packages\//, 'packages/')}:${lineNumber + 1}` : ''}`.trim();
    fn.set(name, (fn.get(name) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m].map(([k, v]) => [k, v / 1000] as [string, number]).sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000, busyMs: (total - idle) / 1000, byBucket: sorted(bucket), byFunction: sorted(fn) };
}

/** The summary as text: the top `top` buckets and functions, with % of busy time (and µs per unit when `per` is given). */
export function formatSummary(s: ProfileSummary, top = 20, per?: number): string {
  const line = ([name, ms]: [string, number]) => {
    const pct = ((ms / s.busyMs) * 100).toFixed(1).padStart(5);
    const unit = per ? `  ${((ms * 1000) / per).toFixed(1).padStart(7)} µs/req` : '';
    return `  ${ms.toFixed(0).padStart(7)} ms ${pct} %${unit}  ${name}`;
  };
  return [
    `profile: ${s.totalMs.toFixed(0)} ms sampled, ${s.busyMs.toFixed(0)} ms busy (not idle)${per ? `, ${((s.busyMs * 1000) / per).toFixed(1)} µs busy per request over ${per}` : ''}`,
    'self time by package / file:',
    ...s.byBucket.filter(([n]) => n !== '(idle)').slice(0, top).map(line),
    'heaviest functions (self time):',
    ...s.byFunction.filter(([n]) => !n.startsWith('(idle)')).slice(0, top).map(line),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' }, per: { type: 'string' } } });
  for (const f of positionals) {
    console.log(`${f}\n${formatSummary(summarise(f), Number(values.top), values.per ? Number(values.per) : undefined)}\n`);
  }
}
