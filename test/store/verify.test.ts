// verifyRun: chain, state/audit agreement and (git) append-only history, each failure naming the run and the event.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirStore } from '../../src/store/dir-store.js';
import { GitStore } from '../../src/store/git-store.js';
import type { PutResult } from '../../src/store/types.js';
import { verifyRun } from '../../src/store/verify.js';
import { cleanupTempRepos, makeTempDir, makeTempRepo } from '../support/git.js';
import { makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';

afterAll(cleanupTempRepos);

async function threeWrites(store: GitStore | DirStore): Promise<void> {
  let version: string | null = null;
  for (const message of ['run started', 'gate opened', 'approved']) {
    const put: PutResult = await store.put(RUN, version, makeWrite(RUN, message));
    if (!put.ok) throw new Error('put failed');
    version = put.version;
  }
}

describe('verifyRun', () => {
  it('accepts an untouched run and reports an unknown one', async () => {
    const store = new DirStore(await makeTempDir());
    await threeWrites(store);
    expect(await verifyRun(store, RUN)).toEqual({ ok: true, events: 3 });
    expect(await verifyRun(store, 'run-20261126-nope00')).toEqual({ ok: false, message: `run run-20261126-nope00: not found in ${store.description}` });
  });

  it('names an edited event in a directory store', async () => {
    const dir = await makeTempDir();
    const store = new DirStore(dir);
    await threeWrites(store);
    const file = path.join(dir, 'sop-audit', `${RUN}.json`);
    const audit = JSON.parse(await fs.readFile(file, 'utf8')) as { events: { actor: string }[] };
    (audit.events[2] as { actor: string }).actor = 'mallory';
    await fs.writeFile(file, JSON.stringify(audit));
    expect(await verifyRun(store, RUN)).toEqual({ ok: false, message: `run ${RUN}: event 3 (approved) was edited: its hash does not match its content` });
  });

  it('notices a state file that belongs to another run', async () => {
    const dir = await makeTempDir();
    const store = new DirStore(dir);
    await threeWrites(store);
    const file = path.join(dir, 'sop-state', `${RUN}.json`);
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, 'utf8')), run_id: 'run-20261126-zzzzzz' }));
    expect(await verifyRun(store, RUN)).toEqual({ ok: false, message: `run ${RUN}: sop-state/${RUN}.json says run_id "run-20261126-zzzzzz"` });
  });

  it('names a git commit that rewrote history even when the chain was recomputed', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    await threeWrites(store);
    expect(await verifyRun(store, RUN)).toEqual({ ok: true, events: 3 });
    // Forge a consistent-looking chain without event 2, committed on the state branch by hand.
    const { appendEvents } = await import('../../src/audit/chain.js');
    const original = (await store.get(RUN))?.audit.events ?? [];
    const forged = appendEvents(null, RUN, [original[0], original[2]].map((e) => ({ ts: e?.ts ?? '', type: e?.type ?? '', actor: e?.actor ?? '', step: e?.step ?? null, details: e?.details ?? {} })));
    const work = await makeTempDir();
    await repo.git('worktree', 'add', '--quiet', path.join(work, 'wt'), 'sop-state');
    await fs.writeFile(path.join(work, 'wt', 'sop-audit', `${RUN}.json`), JSON.stringify(forged, null, 2));
    await repo.git('-C', path.join(work, 'wt'), 'commit', '--quiet', '-am', 'tidy up');
    const result = await verifyRun(store, RUN);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(new RegExp(`^run ${RUN}: commit [0-9a-f]{12} (appended no audit event|rewrote event 2 \\(gate_opened\\))`));
    await store.close();
  });
});
