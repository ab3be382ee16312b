// Git does the locking: the branch moves only by update-ref against its old value; held and stale locks wait, then fail naming the lock; repository formats.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GitStore } from '../../src/store/git-store.js';
import { verifyRun } from '../../src/store/verify.js';
import { cleanupTempRepos, makeTempDir, makeTempRepo, runGitIn } from '../support/git.js';
import { makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';
const OTHER = 'run-20261127-other1';

afterAll(cleanupTempRepos);

/** git learned --ref-format=reftable in 2.45; older git (2.39 on this machine) cannot create such a repository. */
const reftable = await promisify(execFile)('git', ['init', '--quiet', '--ref-format=reftable', path.join(await makeTempDir('sop-probe-'), 'r')]).then(
  () => true,
  () => false,
);

/** A fake clock that only moves when the store pauses: waiting costs no real time. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; pauses: number[] } {
  let t = 1_000_000;
  const pauses: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      pauses.push(ms);
      t += ms;
    },
    pauses,
  };
}

async function startedRun(store: GitStore): Promise<string> {
  const put = await store.put(RUN, null, makeWrite(RUN, 'run started'));
  if (!put.ok) throw new Error('put failed');
  return put.version;
}

describe('GitStore and git ref locks', () => {
  it('waits while another process holds the branch lock, then commits on top (nothing lost)', async () => {
    const repo = await makeTempRepo();
    const lock = path.join(repo.dir, '.git', 'refs', 'heads', 'sop-state.lock');
    const time = fakeTime();
    let released = false;
    const store = new GitStore({
      repoDir: repo.dir,
      now: time.now,
      // The other writer finishes while we wait: it releases its lock.
      sleep: async (ms) => {
        await time.sleep(ms);
        if (!released) {
          released = true;
          await fs.rm(lock);
        }
      },
    });
    const version = await startedRun(store);
    const before = await repo.git('rev-parse', 'sop-state');
    await fs.writeFile(lock, `${before}\n`);
    expect(await store.put(RUN, version, makeWrite(RUN, 'approved'))).toMatchObject({ ok: true });
    expect(time.pauses.length).toBeGreaterThan(0);
    expect((await repo.git('log', '--format=%s', 'sop-state')).split('\n')).toEqual([`sop(${RUN}): approved`, `sop(${RUN}): run started`]);
    await store.close();
  });

  it('a stale lock is never deleted: the write waits a bounded time, then fails naming the lock file; the run is unchanged', async () => {
    const repo = await makeTempRepo();
    const time = fakeTime();
    const store = new GitStore({ repoDir: repo.dir, lockWaitMs: 1_000, now: time.now, sleep: time.sleep });
    const version = await startedRun(store);
    const before = await repo.git('rev-parse', 'sop-state');
    const lock = path.join(repo.dir, '.git', 'refs', 'heads', 'sop-state.lock');
    await fs.writeFile(lock, 'left by a crashed git\n');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await fs.utimes(lock, anHourAgo, anHourAgo);

    const put = store.put(RUN, version, makeWrite(RUN, 'approved'));
    await expect(put).rejects.toThrow(`branch sop-state stayed locked for 1 s by ${lock}; nothing was written`);
    expect(time.pauses.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1_000);
    expect(await fs.readFile(lock, 'utf8')).toBe('left by a crashed git\n');
    expect(await repo.git('rev-parse', 'sop-state')).toBe(before);
    expect((await store.get(RUN))?.version).toBe(version);
    await store.close();
  });
});

describe('GitStore on other repository formats', () => {
  it('works in a repository created with --object-format=sha256', async () => {
    const dir = await makeTempDir('sop-sha256-');
    await runGitIn(dir, ['init', '--quiet', '--object-format=sha256', '--initial-branch=main']);
    const store = new GitStore({ repoDir: dir });
    const version = await startedRun(store);
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.put(RUN, version, makeWrite(RUN, 'approved'))).toMatchObject({ ok: true });
    expect(await store.put(OTHER, null, makeWrite(OTHER, 'run started'))).toMatchObject({ ok: true });
    expect((await store.get(RUN))?.audit.events.map((e) => e.type)).toEqual(['run_started', 'approved']);
    expect(await store.listRunIds()).toEqual([RUN, OTHER]);
    expect(await verifyRun(store, RUN)).toEqual({ ok: true, events: 2 });
    expect(await runGitIn(dir, ['rev-parse', 'sop-state'])).toMatch(/^[0-9a-f]{64}$/);
    expect(await runGitIn(dir, ['fsck', '--strict', '--no-dangling'])).toBe('');
    await store.close();
  });

  it('honours core.sharedRepository=group: the objects it writes are group-readable in group-writable folders', async () => {
    const dir = await makeTempDir('sop-shared-');
    await runGitIn(dir, ['init', '--quiet', '--shared=group', '--initial-branch=main']);
    const store = new GitStore({ repoDir: dir });
    await startedRun(store);
    await store.close();
    const objects = path.join(dir, '.git', 'objects');
    const folders = (await fs.readdir(objects)).filter((name) => /^[0-9a-f]{2}$/.test(name));
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) {
      expect((await fs.stat(path.join(objects, folder))).mode & 0o070).toBe(0o070);
      for (const file of await fs.readdir(path.join(objects, folder))) {
        expect((await fs.stat(path.join(objects, folder, file))).mode & 0o040).toBe(0o040);
      }
    }
  });

  it.skipIf(!reftable)('works in a repository using the reftable ref format (skipped: the installed git cannot create one)', async () => {
    const dir = await makeTempDir('sop-reftable-');
    await runGitIn(dir, ['init', '--quiet', '--ref-format=reftable', '--initial-branch=main']);
    const store = new GitStore({ repoDir: dir });
    const version = await startedRun(store);
    expect(await store.put(RUN, version, makeWrite(RUN, 'approved'))).toMatchObject({ ok: true });
    expect(await store.put(RUN, version, makeWrite(RUN, 'approved again'))).toEqual({ ok: false, reason: 'conflict' });
    expect(await verifyRun(store, RUN)).toEqual({ ok: true, events: 2 });
    await store.close();
  });
});
