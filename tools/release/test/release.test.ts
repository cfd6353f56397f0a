import { execFile } from 'node:child_process';
import { readFile, symlink } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const PUBLISHED = ['packages/sdk', 'packages/runtime', 'packages/connectors/http-json', 'packages/connectors/sendgrid', 'packages/connectors/slack', 'packages/connectors/webhook', 'packages/connectors/amqp', 'packages/connectors/google-drive'];
const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'user.email=release@example.invalid', '-c', 'user.name=release', ...args], { cwd });

describe('nx release', () => {
  it('versions each package on its own from conventional commits (dry run in a clone)', async () => {
    const clone = join(await mkdtemp(join(tmpdir(), 'release-')), 'repo');
    await run('git', ['clone', '-q', '--no-hardlinks', ROOT, clone]);
    await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    // The released state: every package tagged at its current version.
    for (const dir of PUBLISHED) {
      const { name, version } = JSON.parse(await readFile(join(clone, dir, 'package.json'), 'utf8')) as { name: string; version: string };
      await git(clone, 'tag', `${name}@${version}`);
    }
    await run('sh', ['-c', 'echo "// feature" >> packages/sdk/src/index.ts'], { cwd: clone });
    await git(clone, 'commit', '-qam', 'feat(sdk): something new');
    await run('sh', ['-c', 'echo "// fix" >> packages/connectors/slack/src/index.ts'], { cwd: clone });
    await git(clone, 'commit', '-qam', 'fix(slack): something mended');
    const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'nx'), ['release', '--dry-run', '--skip-publish'], {
      cwd: clone,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', CI: 'true' },
      maxBuffer: 32 * 1024 * 1024,
    });
    const out = stdout.replace(/\x1b\[[0-9;]*m/g, '');
    const entry = (file: string) => new RegExp(`Previewing an entry in ${file.replace(/[./]/g, '\\$&')} for (\\S+)\\n([\\s\\S]*?)(?=\\n\\s*NX )`).exec(out);
    // Below 1.0 a feature is a patch bump (nx adjusts bumps for major version zero).
    expect(entry('packages/sdk/CHANGELOG.md')?.[1]).toBe('@connectorkit/sdk@0.1.1');
    expect(entry('packages/sdk/CHANGELOG.md')?.[2]).toContain('something new');
    expect(entry('packages/connectors/slack/CHANGELOG.md')?.[1]).toBe('@connectorkit/connector-slack@0.1.1');
    expect(entry('packages/connectors/slack/CHANGELOG.md')?.[2]).toContain('something mended');
    expect(entry('packages/connectors/slack/CHANGELOG.md')?.[2]).not.toContain('something new');
    // A package with no commit of its own moves only for its updated dependency.
    expect(entry('packages/connectors/sendgrid/CHANGELOG.md')?.[2]).toContain('Updated @connectorkit/sdk to 0.1.1');
    expect(entry('packages/connectors/sendgrid/CHANGELOG.md')?.[2]).not.toMatch(/something|fix/);
    expect(out).not.toContain('packages/e2e/CHANGELOG.md');
    // A dry run changes nothing: no manifest, changelog, commit or tag.
    expect((await git(clone, 'status', '--porcelain', '--', 'packages')).stdout).toBe('');
    expect((await git(clone, 'tag', '--list', '*@0.1.1')).stdout).toBe('');
  }, 180_000);
});
