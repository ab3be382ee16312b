// GitStore specifics: plumbing only (work tree, index, HEAD untouched), commit format, and pushing to a bare origin.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitStore } from '../../src/store/git-store.js';
import { cleanupTempRepos, cloneRepo, makeRepoWithRemote, makeTempRepo } from '../support/git.js';
import { makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';
const OTHER = 'run-20261126-other1';

afterAll(cleanupTempRepos);

describe('GitStore on a local branch', () => {
  it('creates the branch from nothing and never touches the work tree, the index or HEAD', async () => {
    const repo = await makeTempRepo({ files: { 'README.md': 'hello\n', 'src/a.txt': 'a\n' } });
    // A dirty work tree: a modified file, a staged file and an untracked file.
    await fs.writeFile(path.join(repo.dir, 'README.md'), 'changed\n');
    await fs.writeFile(path.join(repo.dir, 'staged.txt'), 'staged\n');
    await repo.git('add', 'staged.txt');
    await fs.writeFile(path.join(repo.dir, 'untracked.txt'), 'untracked\n');
    const status = await repo.git('status', '--porcelain');
    const head = await repo.git('rev-parse', 'HEAD');
    const symbolic = await repo.git('symbolic-ref', 'HEAD');
    const index = await fs.readFile(path.join(repo.dir, '.git', 'index'));
    expect(await repo.git('branch', '--list', 'sop-state')).toBe('');

    const store = new GitStore({ repoDir: path.join(repo.dir, 'src') });
    const put = await store.put(RUN, null, makeWrite(RUN, 'run started', {}, 'log\n'));
    expect(put.ok).toBe(true);
    await store.put(OTHER, null, makeWrite(OTHER, 'run started'));
    await store.close();

    expect(await repo.git('status', '--porcelain')).toBe(status);
    expect(await repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(await repo.git('symbolic-ref', 'HEAD')).toBe(symbolic);
    expect(await fs.readFile(path.join(repo.dir, '.git', 'index'))).toEqual(index);
    expect(await fs.readFile(path.join(repo.dir, 'README.md'), 'utf8')).toBe('changed\n');
    await expect(fs.access(path.join(repo.dir, 'sop-state'))).rejects.toThrow();

    expect((await repo.git('ls-tree', '-r', '--name-only', 'sop-state')).split('\n')).toEqual([
      `runs/2026/11/26/${RUN}/audit.json`,
      `runs/2026/11/26/${RUN}/output.log`,
      `runs/2026/11/26/${RUN}/state.json`,
      `runs/2026/11/26/${OTHER}/audit.json`,
      `runs/2026/11/26/${OTHER}/state.json`,
    ]);
    // The first commit is a root commit; the repository is consistent.
    expect(await repo.git('rev-list', '--max-parents=0', 'sop-state')).toBe(await repo.git('rev-list', '--reverse', 'sop-state').then((l) => l.split('\n')[0]));
    expect(await repo.git('fsck', '--strict', '--no-dangling')).toBe('');
  });

  it('writes pretty JSON files and commits with the sop(<run-id>) message and a default identity', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    await store.put(RUN, null, makeWrite(RUN, 'run started by alice'));
    await store.close();
    expect(await repo.git('log', '-1', '--format=%s|%an <%ae>|%cn <%ce>', 'sop-state')).toBe(
      `sop(${RUN}): run started by alice|sop-engine <sop-engine@users.noreply.github.com>|sop-engine <sop-engine@users.noreply.github.com>`,
    );
    const stateText = await repo.git('show', `sop-state:runs/2026/11/26/${RUN}/state.json`);
    expect(stateText).toBe(JSON.stringify(JSON.parse(stateText), null, 2));
    const raw = await repo.git('cat-file', '-p', `sop-state:runs/2026/11/26/${RUN}/audit.json`);
    expect(JSON.parse(raw)).toMatchObject({ run_id: RUN, events: [{ seq: 1, type: 'run_started_by_alice', prev: '0'.repeat(64) }] });
  });

  it('uses the configured identity and a custom branch', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir, branch: 'ops/state', authorName: 'Release Bot', authorEmail: 'bot@example.com' });
    expect(store.description).toBe('git:ops/state');
    await store.put(RUN, null, makeWrite(RUN, 'run started'));
    await store.close();
    expect(await repo.git('log', '-1', '--format=%an <%ae>', 'ops/state')).toBe('Release Bot <bot@example.com>');
  });

  it('commits on top of the existing tip, keeping other runs and files', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    const a = await store.put(RUN, null, makeWrite(RUN, 'run started'));
    await store.put(OTHER, null, makeWrite(OTHER, 'run started'));
    if (!a.ok) throw new Error('put failed');
    await store.put(RUN, a.version, makeWrite(RUN, 'approved'));
    await store.close();
    expect((await repo.git('log', '--format=%s', 'sop-state')).split('\n')).toEqual([
      `sop(${RUN}): approved`,
      `sop(${OTHER}): run started`,
      `sop(${RUN}): run started`,
    ]);
    expect(await repo.git('fsck', '--strict', '--no-dangling')).toBe('');
  });

  it('a second store instance sees the first one writes', async () => {
    const repo = await makeTempRepo();
    const one = new GitStore({ repoDir: repo.dir });
    const two = new GitStore({ repoDir: repo.dir });
    const put = await one.put(RUN, null, makeWrite(RUN, 'run started'));
    expect((await two.get(RUN))?.version).toBe(put.ok ? put.version : '');
    await Promise.all([one.close(), two.close()]);
  });

  it('refuses to move a branch that is checked out', async () => {
    const repo = await makeTempRepo();
    await repo.git('switch', '--quiet', '-c', 'sop-state');
    const store = new GitStore({ repoDir: repo.dir });
    await expect(store.put(RUN, null, makeWrite(RUN, 'run started'))).rejects.toThrow('the state branch sop-state is checked out');
    await store.close();
  });

  it('explains a folder that is not a repository', async () => {
    const repo = await makeTempRepo();
    await fs.rm(path.join(repo.dir, '.git'), { recursive: true });
    const store = new GitStore({ repoDir: repo.dir });
    await expect(store.put(RUN, null, makeWrite(RUN, 'x'))).rejects.toThrow('is not inside a git repository');
    await store.close();
  });

  it('works from a linked worktree, writing to the shared branch', async () => {
    const repo = await makeTempRepo();
    const wt = path.join(repo.dir, '..', `${path.basename(repo.dir)}-wt`);
    await repo.git('worktree', 'add', '--quiet', '-b', 'feature', wt);
    const store = new GitStore({ repoDir: wt });
    await store.put(RUN, null, makeWrite(RUN, 'run started'));
    await store.close();
    expect(await repo.git('log', '-1', '--format=%s', 'sop-state')).toBe(`sop(${RUN}): run started`);
    await fs.rm(wt, { recursive: true, force: true });
  });

  it('reads a branch whose ref is packed', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    const put = await store.put(RUN, null, makeWrite(RUN, 'run started'));
    await repo.git('pack-refs', '--all');
    await expect(fs.access(path.join(repo.dir, '.git', 'refs', 'heads', 'sop-state'))).rejects.toThrow();
    expect((await store.get(RUN))?.version).toBe(put.ok ? put.version : '');
    expect(await store.put(RUN, put.ok ? put.version : null, makeWrite(RUN, 'approved'))).toMatchObject({ ok: true });
    await store.close();
  });
});

describe('GitStore with a remote', () => {
  it('pushes every put to origin', async () => {
    const { repo, remote } = await makeRepoWithRemote();
    const store = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    await store.sync(); // remote has no branch yet: nothing to do
    await store.put(RUN, null, makeWrite(RUN, 'run started'));
    await store.close();
    expect(await remote.git('rev-parse', 'sop-state')).toBe(await repo.git('rev-parse', 'sop-state'));
  });

  it('sync creates the local branch from the remote', async () => {
    const { repo, remote } = await makeRepoWithRemote();
    const writer = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    await writer.put(RUN, null, makeWrite(RUN, 'run started'));
    const clone = await cloneRepo(remote);
    const reader = new GitStore({ repoDir: clone.dir, remote: 'origin' });
    expect(await reader.get(RUN)).toBeNull();
    await reader.sync();
    expect((await reader.get(RUN))?.audit.events).toHaveLength(1);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('after a rejected push, rebuilds on the other writer commit when it touched another run (no force)', async () => {
    const { repo, remote } = await makeRepoWithRemote();
    const a = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    const started = await a.put(RUN, null, makeWrite(RUN, 'run started'));
    if (!started.ok) throw new Error('put failed');
    const clone = await cloneRepo(remote);
    const b = new GitStore({ repoDir: clone.dir, remote: 'origin' });
    await b.sync();
    await b.put(OTHER, null, makeWrite(OTHER, 'run started'));
    const theirs = await remote.git('rev-parse', 'sop-state');

    // `a` has not seen b's commit: its push is rejected, it re-reads and rebuilds.
    const put = await a.put(RUN, started.version, makeWrite(RUN, 'approved'));
    expect(put.ok).toBe(true);
    const log = (await remote.git('log', '--format=%s', 'sop-state')).split('\n');
    expect(log).toEqual([`sop(${RUN}): approved`, `sop(${OTHER}): run started`, `sop(${RUN}): run started`]);
    expect(await remote.git('merge-base', '--is-ancestor', theirs, 'sop-state')).toBe('');
    expect(await repo.git('rev-parse', 'sop-state')).toBe(await remote.git('rev-parse', 'sop-state'));
    await Promise.all([a.close(), b.close()]);
  });

  it('after a rejected push, reports a conflict when the other writer changed the same run', async () => {
    const { repo, remote } = await makeRepoWithRemote();
    const a = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    const started = await a.put(RUN, null, makeWrite(RUN, 'run started'));
    if (!started.ok) throw new Error('put failed');
    const clone = await cloneRepo(remote);
    const b = new GitStore({ repoDir: clone.dir, remote: 'origin' });
    await b.sync();
    expect(await b.put(RUN, started.version, makeWrite(RUN, 'approved by bob'))).toMatchObject({ ok: true });
    const theirs = await remote.git('rev-parse', 'sop-state');

    expect(await a.put(RUN, started.version, makeWrite(RUN, 'rejected by carol'))).toEqual({ ok: false, reason: 'conflict' });
    // Never forced: the other clone's commit is still the remote tip, and ours was discarded locally.
    expect(await remote.git('rev-parse', 'sop-state')).toBe(theirs);
    expect(await repo.git('rev-parse', 'sop-state')).toBe(theirs);
    expect((await a.get(RUN))?.audit.events.map((e) => e.type)).toEqual(['run_started', 'approved_by_bob']);
    await Promise.all([a.close(), b.close()]);
  });

  it('reports an unreachable remote as an error, leaving the local branch where it was', async () => {
    const repo = await makeTempRepo();
    await repo.git('remote', 'add', 'origin', path.join(repo.dir, 'no-such-remote'));
    const store = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    await expect(store.put(RUN, null, makeWrite(RUN, 'run started'))).rejects.toThrow('git push to origin failed');
    expect(await store.get(RUN)).toBeNull();
    await store.close();
  });
});
