// Attacks on the stored run: a state.json or audit.json edited on the branch is never acted on; transact refuses before deciding.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditFile } from '../../src/audit/format.js';
import type { RunState } from '../../src/engine/state-format.js';
import { UserError } from '../../src/errors.js';
import { GitStore } from '../../src/store/git-store.js';
import { auditPath, statePath } from '../../src/store/run-layout.js';
import { transact } from '../../src/store/transact.js';
import { verifyRun } from '../../src/store/verify.js';
import { cleanupTempRepos, makeTempDir, makeTempRepo, runGitIn, type TempRepo } from '../support/git.js';
import { event, makeState, makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';

afterAll(cleanupTempRepos);

/** A run waiting at its step 1 gate, written by the store. */
async function waitingRun(): Promise<{ repo: TempRepo; store: GitStore }> {
  const repo = await makeTempRepo();
  const store = new GitStore({ repoDir: repo.dir });
  const put = await store.put(RUN, null, makeWrite(RUN, 'run started'));
  if (!put.ok) throw new Error('put failed');
  return { repo, store };
}

/** What someone with push access does: edit one file of the run in a worktree of the state branch and commit it. */
async function editOnBranch(repo: TempRepo, rel: string, edit: (text: string) => string, subject = `sop(${RUN}): approved by bob`): Promise<void> {
  const wt = path.join(await makeTempDir('sop-attack-'), 'wt');
  await repo.git('worktree', 'add', '--quiet', wt, 'sop-state');
  const { promises: fs } = await import('node:fs');
  const file = path.join(wt, rel);
  await fs.writeFile(file, edit(await fs.readFile(file, 'utf8')));
  await runGitIn(wt, ['commit', '--quiet', '-am', subject]);
  await repo.git('worktree', 'remove', '--force', wt);
}

/** Try to approve step 1 through transact; returns whether the decision function ever ran. */
async function tryApprove(store: GitStore): Promise<{ decided: boolean; error: unknown }> {
  let decided = false;
  const error = await transact(store, RUN, (snap) => {
    decided = true;
    return { write: { state: makeState(RUN, { ...snap?.state, status: 'running' }), events: [event('step_started', 1)], message: 'step 1 started' }, result: null };
  }).then(
    () => null,
    (e: unknown) => e,
  );
  return { decided, error };
}

const refusal = `run ${RUN} fails verification (`;
const tail = `): it was changed outside sop-engine; run \`sop verify ${RUN}\` for details. Nothing was done.`;

describe('verify before acting', () => {
  it('an approval added only to state.json on the branch is refused, and sop verify reports it', async () => {
    const { repo, store } = await waitingRun();
    await editOnBranch(repo, statePath(RUN), (text) => {
      const state = JSON.parse(text) as RunState;
      state.approvals.push({ step: 1, wait: 1, by: 'mallory', decision: 'approve', at: '2026-11-26T09:00:00Z', via: 'cli', ref: 'cli' });
      return JSON.stringify(state, null, 2);
    });
    const before = await repo.git('rev-parse', 'sop-state');
    const { decided, error } = await tryApprove(store);
    expect(decided).toBe(false);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `${refusal}state.json was changed without an audit event: it does not match state_sha256 of event 1 (run_started)${tail}`,
    );
    expect(await repo.git('rev-parse', 'sop-state')).toBe(before);
    expect(await verifyRun(store, RUN)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^state\.json was changed without an audit event by commit [0-9a-f]{12}$/) as unknown] });
    await store.close();
  });

  it('a started_by changed in state.json on the branch (to allow self-approval) is refused', async () => {
    const { repo, store } = await waitingRun();
    await editOnBranch(repo, statePath(RUN), (text) => JSON.stringify({ ...(JSON.parse(text) as RunState), started_by: 'schedule' }, null, 2));
    const { decided, error } = await tryApprove(store);
    expect(decided).toBe(false);
    expect((error as Error).message).toContain(`${refusal}state.json was changed without an audit event`);
    expect((await verifyRun(store, RUN)).ok).toBe(false);
    await store.close();
  });

  it('a run whose audit record was rewritten (an event changed) is refused', async () => {
    const { repo, store } = await waitingRun();
    await editOnBranch(repo, auditPath(RUN), (text) => {
      const audit = JSON.parse(text) as AuditFile;
      (audit.events[0] as { actor: string }).actor = 'bob';
      return JSON.stringify(audit, null, 2);
    });
    const { decided, error } = await tryApprove(store);
    expect(decided).toBe(false);
    expect((error as Error).message).toBe(`${refusal}event 1 (run_started) was edited: its hash does not match its content${tail}`);
    await store.close();
  });

  it('an untouched run is acted on', async () => {
    const { store } = await waitingRun();
    expect(await tryApprove(store)).toEqual({ decided: true, error: null });
    expect(await verifyRun(store, RUN)).toEqual({ ok: true, events: 2 });
    await store.close();
  });
});
