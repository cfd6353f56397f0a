import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LAUNCHER = fileURLToPath(new URL('../../bin/connectors.js', import.meta.url));

/** A package folder with the committed launcher and, optionally, a stand-in for the built CLI. */
async function packageWith(main?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'launcher-'));
  await mkdir(join(dir, 'bin'));
  await copyFile(LAUNCHER, join(dir, 'bin/connectors.js'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  if (main !== undefined) {
    await mkdir(join(dir, 'dist/cli'), { recursive: true });
    await writeFile(join(dir, 'dist/cli/main.js'), main);
  }
  return dir;
}

describe('bin/connectors.js (the committed launcher)', () => {
  it('says in one line to build first, exit code 1, when dist is missing', async () => {
    const dir = await packageWith();
    const run = spawnSync(process.execPath, [join(dir, 'bin/connectors.js'), 'start'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('run `npm run build` first');
    expect(run.stderr).toContain('dist/cli/main.js');
  });

  it('runs the built CLI with the arguments when it is there', async () => {
    const dir = await packageWith("process.stdout.write(JSON.stringify(process.argv.slice(2))); process.exitCode = 3;\n");
    const run = spawnSync(process.execPath, [join(dir, 'bin/connectors.js'), 'deploy', 'a.bpmn'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('["deploy","a.bpmn"]');
    expect(run.status).toBe(3);
  });
});
