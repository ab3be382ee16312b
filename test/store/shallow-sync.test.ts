// Action-style syncing: the state branch is fetched shallow (its tip only), and a push race still re-decides so both transitions land.
import { afterAll, describe, expect, it } from 'vitest';
import { GitStore } from '../../src/store/git-store.js';
import { cleanupTempRepos, makeRepoWithRemote, runGitIn, runnerCheckout } from '../support/git.js';
import { approveThroughTransact, makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';

afterAll(cleanupTempRepos);

describe('GitStore syncing from origin', () => {
  it('fetches only the tip of the state branch', async () => {
    const { repo, remote } = await makeRepoWithRemote();
    const writer = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    let version: string | null = null;
    for (const message of ['run started', 'gate opened', 'approved']) {
      const put = await writer.put(RUN, version, makeWrite(RUN, message));
      if (!put.ok) throw new Error('put failed');
      version = put.version;
    }
    expect(await remote.git('rev-list', '--count', 'sop-state')).toBe('3');

    const ws = await runnerCheckout(remote);
    const store = new GitStore({ repoDir: ws, remote: 'origin' });
    await store.sync();
    expect(await runGitIn(ws, ['rev-list', '--count', 'sop-state'])).toBe('1');
    expect(await runGitIn(ws, ['rev-parse', 'sop-state'])).toBe(await remote.git('rev-parse', 'sop-state'));
    expect((await store.get(RUN))?.version).toBe(version);
    // A transition from the shallow clone lands on origin on top of the full history.
    expect(await store.put(RUN, version, makeWrite(RUN, 'step 1 started'))).toMatchObject({ ok: true });
    expect(await remote.git('rev-list', '--count', 'sop-state')).toBe('4');
    expect(await remote.git('fsck', '--no-dangling')).toBe('');
    await Promise.all([writer.close(), store.close()]);
  });

  it('a push race on one run (another runner pushed first) re-decides on the fresh tip, and both transitions land', async () => {
    const { repo, remote } = await makeRepoWithRemote();
    const setup = new GitStore({ repoDir: repo.dir, remote: 'origin' });
    const started = await setup.put(RUN, null, makeWrite(RUN, 'run started'));
    if (!started.ok) throw new Error('put failed');

    const wsA = await runnerCheckout(remote);
    const wsB = await runnerCheckout(remote);
    const a = new GitStore({ repoDir: wsA, remote: 'origin' });
    const b = new GitStore({ repoDir: wsB, remote: 'origin' });
    await Promise.all([a.sync(), b.sync()]);
    const seenByB = await b.get(RUN);

    expect(await approveThroughTransact(a, RUN, 'bob')).toBe(1);
    // b decides on what it read before a pushed: its push is rejected, it fetches (shallow), re-reads and decides again.
    expect(await approveThroughTransact(b, RUN, 'carol', seenByB)).toBe(2);

    const audit = JSON.parse(await remote.git('show', `sop-state:runs/2026/11/26/${RUN}/audit.json`)) as { events: { type: string; actor: string }[] };
    expect(audit.events.map((e) => `${e.type}:${e.actor}`)).toEqual(['run_started:alice', 'approved:bob', 'approved:carol']);
    const state = JSON.parse(await remote.git('show', `sop-state:runs/2026/11/26/${RUN}/state.json`)) as { approvals: { by: string }[] };
    expect(state.approvals.map((x) => x.by)).toEqual(['bob', 'carol']);
    expect(await runGitIn(wsB, ['rev-parse', '--is-shallow-repository'])).toBe('true');
    await Promise.all([setup.close(), a.close(), b.close()]);
  });
});
