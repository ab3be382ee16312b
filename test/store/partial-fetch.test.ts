// The Action's partial fetch (GitStore partialFetch): an event downloads the tip commit, the trees on
// its run's path and that run's files, never the other runs' files, and everything else still holds:
// compare-and-swap pushes, push races, listing, servers that refuse some or all filters.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GitStore } from '../../src/store/git-store.js';
import { cleanupTempRepos, makeRepoWithRemote, makeTempDir, runGitIn, runnerCheckout, type TempRepo } from '../support/git.js';
import { approveThroughTransact, makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';
/** Runs on other days and months, already on the branch when the event comes. */
const OTHERS = ['run-20261126-zzzzz1', 'run-20261003-aaaaa1', 'run-20250712-bbbbb1'];

afterAll(cleanupTempRepos);

const exec = promisify(execFile);

/** Whether `oid` is in the repository, asking git not to fetch it. */
async function hasObject(dir: string, oid: string): Promise<boolean> {
  try {
    await exec('git', ['cat-file', '-e', oid], { cwd: dir, env: { ...process.env, GIT_NO_LAZY_FETCH: '1' } });
    return true;
  } catch {
    return false;
  }
}

/** An origin whose state branch holds RUN (at its third transition) and OTHERS; `serverConfig` as `git config` pairs. */
async function seeded(serverConfig: [string, string][] = [['uploadpack.allowFilter', 'true']]): Promise<{ repo: TempRepo; remote: TempRepo; version: string; close: () => Promise<void> }> {
  const { repo, remote } = await makeRepoWithRemote();
  for (const [key, value] of serverConfig) await remote.git('config', key, value);
  const writer = new GitStore({ repoDir: repo.dir, remote: 'origin' });
  for (const other of OTHERS) {
    const put = await writer.put(other, null, makeWrite(other, 'run started', {}, `output of ${other}\n`));
    if (!put.ok) throw new Error('seed failed');
  }
  let version: string | null = null;
  for (const message of ['run started', 'gate opened', 'approved']) {
    const put = await writer.put(RUN, version, makeWrite(RUN, message, {}, `${message}\n`));
    if (!put.ok) throw new Error('seed failed');
    version = put.version;
  }
  return { repo, remote, version: version as string, close: () => writer.close() };
}

/** Object ids of a run's folder and files on the origin's state branch. */
async function runObjects(remote: TempRepo, runId: string): Promise<string[]> {
  const folder = `runs/${runId.slice(4, 8)}/${runId.slice(8, 10)}/${runId.slice(10, 12)}/${runId}`;
  const files = await remote.git('ls-tree', '-r', '--format=%(objectname)', `sop-state:${folder}`);
  return [await remote.git('rev-parse', `sop-state:${folder}`), ...files.split('\n')];
}

describe('GitStore partial fetch (the Action), a branch too large to fetch whole', () => {
  it("an event on one run downloads that run's path and files, and none of the other runs' files", async () => {
    const { remote, version, close } = await seeded();
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true, wholeBranchRuns: 0 });
    await store.sync();
    const snap = await store.get(RUN);
    expect(snap?.version).toBe(version);
    expect(snap?.audit.events.map((e) => e.type)).toEqual(['run_started', 'gate_opened', 'approved']);
    expect(await store.readLog(RUN)).toBe('run started\ngate opened\napproved\n');
    expect(await store.put(RUN, version, makeWrite(RUN, 'step 2 started', {}, 'step 2\n'))).toMatchObject({ ok: true });

    // The transition landed on origin on top of the full history, and origin is intact.
    expect(await remote.git('rev-list', '--count', 'sop-state')).toBe(String(OTHERS.length + 4));
    expect(await remote.git('fsck', '--no-dangling')).toBe('');
    const audit = JSON.parse(await remote.git('show', `sop-state:runs/2026/11/26/${RUN}/audit.json`)) as { events: { type: string }[] };
    expect(audit.events.map((e) => e.type)).toEqual(['run_started', 'gate_opened', 'approved', 'step_2_started']);
    expect(await remote.git('show', `sop-state:runs/2026/11/26/${RUN}/output.log`)).toBe('run started\ngate opened\napproved\nstep 2');
    // The other runs, even the one of the same day, were never downloaded.
    for (const other of OTHERS) {
      for (const oid of await runObjects(remote, other)) expect(await hasObject(ws, oid), `${other} ${oid}`).toBe(false);
    }
    await Promise.all([store.close(), close()]);
  });

  it("leaves the job's checkout fetching whole commits: no filter that omits files becomes the default", async () => {
    const { remote, close } = await seeded();
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true, wholeBranchRuns: 0 });
    await store.sync();
    await store.get(RUN);
    await store.close();
    // A default that omits nothing GitHub stores, so neither git's own fetches of a missing object
    // (here set off by a user's `git log --all -p`) nor anything else records blob:none.
    expect(await runGitIn(ws, ['config', '--get', 'remote.origin.partialclonefilter'])).toBe('blob:limit=1g');
    await runGitIn(ws, ['log', '--all', '-p', '--quiet']);
    expect(await runGitIn(ws, ['config', '--get-all', 'remote.origin.partialclonefilter'])).toBe('blob:limit=1g');

    // A commit pushed to main later (a pinned commit a resumed step needs) comes with its files.
    const other = path.join(await makeTempDir('sop-dev-'), 'dev');
    await runGitIn(path.dirname(other), ['clone', '--quiet', `file://${remote.dir}`, other]);
    await runGitIn(other, ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'next']);
    await runGitIn(other, ['push', '--quiet', 'origin', 'main']);
    const sha = await runGitIn(other, ['rev-parse', 'HEAD']);
    await runGitIn(ws, ['fetch', '--quiet', '--depth=1', 'origin', sha]);
    const tree = await runGitIn(ws, ['ls-tree', '-r', '--format=%(objectname)', sha]);
    for (const oid of tree.split('\n').filter(Boolean)) expect(await hasObject(ws, oid)).toBe(true);
    await close();
  });

  it('a push race on one run re-decides on the fresh tip, and both transitions land', async () => {
    const { remote, close } = await seeded();
    const [wsA, wsB] = [await runnerCheckout(remote), await runnerCheckout(remote)];
    const a = new GitStore({ repoDir: wsA, remote: 'origin', partialFetch: true, wholeBranchRuns: 0 });
    const b = new GitStore({ repoDir: wsB, remote: 'origin', partialFetch: true, wholeBranchRuns: 0 });
    await Promise.all([a.sync(), b.sync()]);
    const seenByB = await b.get(RUN);
    expect(await approveThroughTransact(a, RUN, 'bob')).toBe(1);
    expect(await approveThroughTransact(b, RUN, 'carol', seenByB)).toBe(2);
    const state = JSON.parse(await remote.git('show', `sop-state:runs/2026/11/26/${RUN}/state.json`)) as { approvals: { by: string }[] };
    expect(state.approvals.map((x) => x.by)).toEqual(['bob', 'carol']);
    expect(await remote.git('fsck', '--no-dangling')).toBe('');
    await Promise.all([a.close(), b.close(), close()]);
  });

  it('lists every run (a schedule sweep) and creates a new run beside them', async () => {
    const { remote, close } = await seeded();
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true, wholeBranchRuns: 0 });
    await store.sync();
    expect((await store.listRuns()).map((s) => s.run_id).sort()).toEqual([RUN, ...OTHERS].sort());
    const fresh = 'run-20261130-newrun';
    expect(await store.get(fresh)).toBeNull();
    expect(await store.put(fresh, null, makeWrite(fresh, 'run started'))).toMatchObject({ ok: true });
    expect((await remote.git('ls-tree', '--name-only', 'sop-state:runs/2026/11/30')).split('\n')).toEqual([fresh]);
    await expect(store.runHistory(RUN)).rejects.toThrow(/fetched only the tip of sop-state; run sop verify in a clone/);
    await Promise.all([store.close(), close()]);
  });

  it.each([
    ['allows tree:0 and no deeper tree filter (as GitHub does): still only the run path', [['uploadpack.allowFilter', 'true'], ['uploadpackfilter.tree.maxDepth', '0']], false],
    ['allows no filter at all: everything comes', [['uploadpack.allowFilter', 'false']], true],
  ] as [string, [string, string][], boolean][])('works against a server that %s', async (_name, config, othersCome) => {
    const { remote, version, close } = await seeded(config);
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true, wholeBranchRuns: 0 });
    await store.sync();
    expect((await store.get(RUN))?.version).toBe(version);
    expect(await store.put(RUN, version, makeWrite(RUN, 'step 2 started'))).toMatchObject({ ok: true });
    expect(await store.put(OTHERS[2] as string, null, makeWrite(OTHERS[2] as string, 'again'))).toMatchObject({ ok: false, reason: 'conflict' });
    expect(await remote.git('rev-list', '--count', 'sop-state')).toBe(String(OTHERS.length + 4));
    expect(await remote.git('fsck', '--no-dangling')).toBe('');
    const [folder] = await runObjects(remote, OTHERS[0] as string);
    expect(await hasObject(ws, folder as string)).toBe(othersCome);
    await Promise.all([store.close(), close()]);
  });
});

describe('GitStore partial fetch: the Sop-Runs count on each commit', () => {
  const trailer = async (dir: string, rev = 'sop-state'): Promise<string> => (await runGitIn(dir, ['log', '-1', '--format=%(trailers:key=Sop-Runs,valueonly)', rev])).trim();

  it('every commit says how many runs the branch holds; a commit made by hand without it is recounted by the next full write', async () => {
    const { repo, remote, version, close } = await seeded();
    expect(await trailer(remote.dir)).toBe(String(OTHERS.length + 1));
    // Someone commits on the branch by hand (no trailer).
    const hand = path.join(await makeTempDir('sop-hand-'), 'hand');
    await runGitIn(path.dirname(hand), ['clone', '--quiet', '--branch', 'sop-state', `file://${remote.dir}`, hand]);
    await runGitIn(hand, ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'a note by hand']);
    await runGitIn(hand, ['push', '--quiet', 'origin', 'sop-state']);
    expect(await trailer(remote.dir)).toBe('');

    // A partial store cannot count a tree it does not have: it leaves the count out, and reads every object by id.
    const ws = await runnerCheckout(remote);
    const partial = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true });
    await partial.sync();
    expect(await partial.put(RUN, version, makeWrite(RUN, 'step 2 started'))).toMatchObject({ ok: true });
    expect(await trailer(remote.dir)).toBe('');
    const [otherFolder] = await runObjects(remote, OTHERS[1] as string);
    expect(await hasObject(ws, otherFolder as string)).toBe(false);

    // A full store (the CLI) counts once and writes it again; a new run adds one.
    await repo.git('fetch', '--quiet', 'origin', '+sop-state:sop-state');
    const full = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    expect(await full.put('run-20261201-fresh1', null, makeWrite('run-20261201-fresh1', 'run started'))).toMatchObject({ ok: true });
    expect(await trailer(remote.dir)).toBe(String(OTHERS.length + 2));
    await Promise.all([partial.close(), full.close(), close()]);
  });

  it('a branch its tip says is small is fetched whole, and commits keep counting', async () => {
    const { remote, version, close } = await seeded();
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true });
    await store.sync();
    expect((await store.get(RUN))?.version).toBe(version);
    for (const oid of await runObjects(remote, OTHERS[2] as string)) expect(await hasObject(ws, oid)).toBe(true);
    expect(await store.put('run-20261201-fresh1', null, makeWrite('run-20261201-fresh1', 'run started'))).toMatchObject({ ok: true });
    expect(await trailer(remote.dir)).toBe(String(OTHERS.length + 2));
    expect(await store.put(RUN, version, makeWrite(RUN, 'step 2 started'))).toMatchObject({ ok: true });
    expect(await trailer(remote.dir)).toBe(String(OTHERS.length + 2));
    await Promise.all([store.close(), close()]);
  });

  it('a forged count changes only how much is fetched, never what is read', async () => {
    const { remote, version, close } = await seeded();
    // The tip claims a million runs (so the store walks) on a branch of four, and vice versa below.
    const hand = path.join(await makeTempDir('sop-hand-'), 'hand');
    await runGitIn(path.dirname(hand), ['clone', '--quiet', '--branch', 'sop-state', `file://${remote.dir}`, hand]);
    await runGitIn(hand, ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'forged\n\nSop-Runs: 1000000']);
    await runGitIn(hand, ['push', '--quiet', 'origin', 'sop-state']);
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true });
    await store.sync();
    expect((await store.get(RUN))?.version).toBe(version);
    const [otherFolder] = await runObjects(remote, OTHERS[1] as string);
    expect(await hasObject(ws, otherFolder as string)).toBe(false);
    expect(await store.put(RUN, version, makeWrite(RUN, 'step 2 started'))).toMatchObject({ ok: true });
    expect(await trailer(remote.dir)).toBe('1000000');
    expect((await store.listRuns()).map((s) => s.run_id).sort()).toEqual([RUN, ...OTHERS].sort());
    await Promise.all([store.close(), close()]);
  });

  it('a rejection reason cannot forge the count: a commit message is one line and its trailer', async () => {
    const { remote, version, close } = await seeded();
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true });
    await store.sync();
    expect(await store.put(RUN, version, makeWrite(RUN, 'rejected by bob: looks wrong\n\nSop-Runs: 1'))).toMatchObject({ ok: true });
    expect(await trailer(remote.dir)).toBe(String(OTHERS.length + 1));
    expect(await remote.git('log', '-1', '--format=%B', 'sop-state')).toBe(`sop(${RUN}): rejected by bob: looks wrong Sop-Runs: 1\n\nSop-Runs: ${OTHERS.length + 1}`);
    await Promise.all([store.close(), close()]);
  });

  it('a tip that claims a small count after the store walked the same tree still fetches everything, and the count is corrected', async () => {
    const { remote, close } = await seeded();
    const hand = path.join(await makeTempDir('sop-hand-'), 'hand');
    await runGitIn(path.dirname(hand), ['clone', '--quiet', '--branch', 'sop-state', `file://${remote.dir}`, hand]);
    const commitClaiming = async (runs: number): Promise<void> => {
      await runGitIn(hand, ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '--allow-empty', '-m', `sop(${RUN}): note\n\nSop-Runs: ${runs}`]);
      await runGitIn(hand, ['push', '--quiet', 'origin', 'sop-state']);
    };
    await commitClaiming(1_000_000);
    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true });
    await store.sync();
    await store.get(RUN); // walks: the root tree is now here, most of the tree is not
    await commitClaiming(1); // same tree, claims one run
    const fresh = 'run-20250713-fresh2';
    expect(await store.put(fresh, null, makeWrite(fresh, 'run started'))).toMatchObject({ ok: true });
    // Every run is still on the branch, and the count is the true one.
    const folders = (await remote.git('ls-tree', '-r', '-d', '--name-only', 'sop-state', 'runs')).split('\n').filter((n) => /\/run-[^/]+$/.test(n));
    expect(folders.map((f) => f.split('/').at(-1)).sort()).toEqual([RUN, ...OTHERS, fresh].sort());
    expect(await trailer(remote.dir)).toBe(String(OTHERS.length + 2));
    expect(await remote.git('fsck', '--no-dangling')).toBe('');
    await Promise.all([store.close(), close()]);
  });
});
