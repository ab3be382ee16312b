// The CLI and the user's repository: nothing but the state branch changes, runs are pinned, identity and state defaults.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempRepos, makeTempDir } from '../support/git.js';
import { aliasArgs } from '../../src/cli/main.js';
import { CliHarness, makeHarness, makeSopRepo, SOPS, sopText, step } from './harness.js';
import { runFolder } from '../../src/store/run-layout.js';

afterAll(cleanupTempRepos);

describe('the repository', () => {
  it('a full run leaves the working tree, index and checked-out branch untouched', async () => {
    const { h, repo } = await makeHarness('git');
    // Some uncommitted and staged work the CLI must not disturb.
    await fs.writeFile(path.join(repo.dir, 'wip.txt'), 'work in progress\n');
    await fs.writeFile(path.join(repo.dir, 'staged.txt'), 'staged\n');
    await repo.git('add', 'staged.txt');
    const before = { status: await repo.git('status', '--porcelain'), head: await repo.git('rev-parse', 'HEAD'), branch: await repo.git('symbolic-ref', 'HEAD') };
    const { runId } = await h.start(['gated']);
    await h.ok(['approve', runId, '--as', 'bob']);
    await h.ok(['execute', 'auto-ok']);
    await h.ok(['verify']);
    expect(await repo.git('status', '--porcelain')).toBe(before.status);
    expect(await repo.git('rev-parse', 'HEAD')).toBe(before.head);
    expect(await repo.git('symbolic-ref', 'HEAD')).toBe(before.branch);
    const log = await repo.git('log', '--format=%s', 'sop-state');
    expect(log).toContain(`sop(${runId}): `);
  });

  it('pinning: an approved step runs the SOP text the run started with, not the edited one', async () => {
    const { h, repo } = await makeHarness('git');
    const { runId } = await h.start(['gated']);
    const file = path.join(repo.dir, 'sops/gated.md');
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace('echo shipped', 'echo TAMPERED-COMMAND'));
    await repo.git('commit', '-qam', 'change the ship step');
    const r = await h.ok(['approve', runId, '--as', 'bob']);
    expect(r.stdout).toContain('shipped');
    expect(r.stdout).not.toContain('TAMPERED-COMMAND');
    // A new run uses the new text.
    const fresh = await h.start(['gated']);
    const r2 = await h.ok(['approve', fresh.runId, '--as', 'bob']);
    expect(r2.stdout).toContain('TAMPERED-COMMAND');
  });

  it('SOP_STATE sets the default state location; --state overrides it', async () => {
    const repo = await makeSopRepo();
    const stateDir = path.join(await makeTempDir('sop-env-state-'), 's');
    const h = new CliHarness(repo.dir, [], { SOP_STATE: `dir:${stateDir}` });
    const { runId } = await h.start(['auto-ok']);
    const files = await fs.readdir(path.join(stateDir, runFolder(runId)));
    expect(files.sort()).toEqual(['audit.json', 'output.log', 'state.json']);
    expect(await repo.git('branch', '--list', 'sop-state')).toBe('');
    const viaGit = await h.run(['runs', '--json', '--state', 'git:sop-state']);
    expect(viaGit.code).toBe(0);
    expect(JSON.parse(viaGit.stdout)).toEqual([]);
    const bad = await h.run(['runs', '--state', 'ftp:x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('git:<branch>');
  });

  it('outside a git repository, --state dir: works and steps run in the current folder', async () => {
    const dir = await makeTempDir('sop-nogit-');
    await fs.mkdir(path.join(dir, 'sops'));
    await fs.writeFile(path.join(dir, 'sops/pwd.md'), sopText('name: pwd\ndescription: where\nexecution_mode: auto', [step(1, 'Where', 'pwd')]));
    const h = new CliHarness(dir, ['--state', `dir:${path.join(dir, '.state')}`]);
    const r = await h.start(['pwd']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(dir);
    expect(await h.state(r.runId)).toMatchObject({ sop: { path: 'sops/pwd.md', commit: null } });
  });
});

describe('identity', () => {
  it('--as wins, else git user.name, else $USER', async () => {
    const repo = await makeSopRepo({ 'sops/auto-ok.md': SOPS['sops/auto-ok.md'] ?? '' });
    const h = new CliHarness(repo.dir);
    const viaAs = await h.start(['auto-ok', '--as', 'carol']);
    expect(viaAs.stdout).toContain('started by carol');
    const viaGit = await h.start(['auto-ok']);
    expect(viaGit.stdout).toContain('started by alice');
    await repo.git('config', '--unset', 'user.name');
    const viaUser = await h.start(['auto-ok']);
    expect(viaUser.stdout).toContain('started by env-user');
    const nobody = await h.run(['execute', 'auto-ok'], { env: { USER: '' } });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('--as USER');
  });
});

describe('usage errors', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['status'], /usage: sop status <run-id>/],
    [['execute'], /usage: sop execute <name>/],
    [['list', 'extra'], /usage: sop list/],
    [['list', '--bogus'], /--bogus/],
    [['execute', 'x', '--payload'], /--payload/],
    [['approve', 'run-20261126-abcdef', '--payload', '{}'], /sop approve does not take --payload/],
    [['list', '--as', 'bob'], /sop list does not take --as/],
    [['verify', '--json'], /sop verify does not take --json/],
  ])('sop %j → exit 1 with a one-line reason', async (argv, reason) => {
    const h = new CliHarness(await makeTempDir('sop-usage-'));
    const r = await h.run(argv);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(reason);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('no command prints usage and exits 0', async () => {
    const h = new CliHarness(await makeTempDir('sop-usage-'));
    const r = await h.run([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: sop <command>');
  });
});

describe('progress display', () => {
  const files = { 'sops/slow.md': sopText('name: slow\ndescription: takes a while\nexecution_mode: auto', [step(1, 'Wait', 'echo begin; sleep 1.5; echo end')]) };

  it('on a TTY a ticking status line says how long the step runs', async () => {
    const { h } = await makeHarness('dir', files);
    const r = await h.run(['execute', 'slow'], { isTTY: true, realTime: true });
    expect(r.code).toBe(0);
    const ticks = r.stdout.match(/step 1\/1 running for/g) ?? [];
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toMatch(/running for 1(\.\d)?s/);
    expect(r.stdout).toContain('\r\x1b[K');
    expect(r.stdout).toMatch(/✓ Step 1 completed in/);
  });

  it('without a TTY the output is plain lines with no escape codes', async () => {
    const { h } = await makeHarness('dir', files);
    const r = await h.run(['execute', 'slow'], { realTime: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b|\r/);
    expect(r.stdout).not.toContain('running for');
    expect(r.stdout).toContain('▶ Step 1/1: Wait\nbegin\nend\n✓ Step 1 completed in');
  });
});

describe('aliasArgs', () => {
  it.each([
    ['/usr/local/bin/sop-list', ['--json'], ['list', '--json']],
    ['/x/node_modules/.bin/sop-runs', [], ['runs']],
    ['C:\\bin\\sop-status.js', ['run-1'], ['status', 'run-1']],
    ['/usr/local/bin/sop', ['list'], ['list']],
    ['/x/dist/cli/index.js', ['runs'], ['runs']],
    ['/x/bin/sop-engine', ['list'], ['list']],
    [undefined, ['list'], ['list']],
  ])('%s %j → %j', (program, argv, expected) => {
    expect(aliasArgs(program, argv)).toEqual(expected);
  });
});
