// End to end through the built Action: approvals bound to their wait (SPEC 3.1) and the rule-5 gaps (SPEC 5.5).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/git.js';
import { commentEvent, dispatchEvent, issueClosedEvent, readOriginState } from '../support/action-harness.js';
import { sopFile } from './sops.js';
import { shown, world, type World } from './world.js';

/** Three steps, a gate before each: gate 2 asks about something else than gate 1. */
const STEPWISE = sopFile({
  name: 'stepwise',
  mode: 'step_by_step',
  steps: [
    { title: 'Snapshot the database', code: 'echo "STEP-1-RAN"' },
    { title: 'Drop production database', code: 'echo "STEP-2-RAN"' },
    { title: 'Restore', code: 'echo "STEP-3-RAN"' },
  ],
});

async function startStepwise(w: World): Promise<{ runId: string; issue: number }> {
  const r = await w.reach(dispatchEvent({ sop: 'stepwise' }, 'alice'));
  expect(r.code, shown(r)).toBe(0);
  expect(r.outputs['status']).toBe('pending_approval');
  return { runId: r.outputs['run-id'] ?? '', issue: Number(r.outputs['issue-number']) };
}

describe('an approval lands only on the gate it was given for', () => {
  it('two /approve comments on gate 1: the second, processed after gate 2 opened, is refused as stale', async () => {
    const w = await world({ stepwise: STEPWISE });
    const { runId, issue } = await startStepwise(w);
    // Both comment while gate 1 is open; their workflow runs are processed one after the other.
    const bobs = commentEvent(w.fake, issue, { login: 'bob', body: '/approve' });
    const carols = commentEvent(w.fake, issue, { login: 'carol', body: '/approve' });
    const first = await w.run(bobs);
    expect(first.code, shown(first)).toBe(0);
    expect(first.stdout).toContain('STEP-1-RAN');
    expect(first.outputs).toMatchObject({ status: 'pending_approval', 'current-step': '2' });

    const second = await w.run(carols);
    expect(second.code, shown(second)).toBe(0);
    expect(second.stdout).not.toContain('STEP-2-RAN');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state).toMatchObject({ status: 'pending_approval', current_step: 2 });
    expect(after?.state.approvals.filter((a) => a.step === 2)).toEqual([]);
    expect(after?.audit.events.at(-1)).toMatchObject({ type: 'command_refused', actor: 'carol', details: { rule: 5 } });
    const reply = w.fake.comments(issue).at(-1)?.body ?? '';
    expect(reply).toContain('@carol');
    expect(reply).toContain('step 2 waits for approval now');
  });

  it('a re-run of an old approval\'s workflow run changes nothing', async () => {
    const w = await world({ stepwise: STEPWISE });
    const { runId, issue } = await startStepwise(w);
    const approve = commentEvent(w.fake, issue, { login: 'bob', body: '/approve' });
    const first = await w.run(approve);
    expect(first.outputs['current-step']).toBe('2');
    const before = await readOriginState(w.repo, runId);
    const rerun = await w.run(approve, { rerun: first });
    expect(rerun.code, shown(rerun)).toBe(0);
    expect(rerun.stdout).not.toContain('STEP-2-RAN');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state).toEqual(before?.state);
  });

  it('a dispatch approval queued while gate 1 was open never passes gate 2; a re-run of it neither', async () => {
    const w = await world({ stepwise: STEPWISE });
    const { runId, issue } = await startStepwise(w);
    // dave's dispatch is created now (its workflow run's created_at), but processed after bob's comment.
    const queued = dispatchEvent({ command: 'approve', 'run-id': runId }, 'dave');
    const queuedAt = w.fake.tick();
    const bob = await w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/approve' }));
    expect(bob.outputs['current-step']).toBe('2');
    const late = await w.run(queued, { at: queuedAt });
    // The Action reads the dispatch's time from its workflow run (attempt 1), not from its own clock.
    expect(late.stdout).not.toContain('STEP-2-RAN');
    expect(late.code).toBe(1);
    expect(late.stderr + late.stdout).toMatch(/before the current wait opened/);
    const again = await w.run(queued, { rerun: late });
    expect(again.stdout).not.toContain('STEP-2-RAN');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state.approvals.filter((a) => a.step === 2)).toEqual([]);
  });

  it('/approve step 1 while step 2 waits is refused with a reply naming step 2; /approve step 2 passes it', async () => {
    const w = await world({ stepwise: STEPWISE });
    const { issue } = await startStepwise(w);
    await w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/approve' }));
    const wrong = await w.run(commentEvent(w.fake, issue, { login: 'carol', body: '/approve step 1' }));
    expect(wrong.stdout).not.toContain('STEP-2-RAN');
    expect(w.fake.comments(issue).at(-1)?.body).toMatch(/names step 1, but step 2 waits/);
    const right = await w.run(commentEvent(w.fake, issue, { login: 'carol', body: '/approve step 2' }));
    expect(right.stdout).toContain('STEP-2-RAN');
  });
});

describe('rule 5 and outsiders', () => {
  it('a copied marker is refused while the run has no recorded issue', async () => {
    const w = await world({ stepwise: STEPWISE });
    // Opening the run's issue fails: the run waits with no issue recorded.
    w.fake.failNext(1, 422, { path: /\/issues$/, message: 'Validation Failed' });
    const r = await w.run(dispatchEvent({ sop: 'stepwise' }, 'alice'));
    const runId = r.outputs['run-id'] ?? '';
    expect((await readOriginState(w.repo, runId))?.state.channel).toBeUndefined();
    // mallory opens her own issue carrying the run's marker, and bob is lured into approving there.
    const copy = w.fake.addIssue({ login: 'mallory', title: 'please approve', body: `<!-- sop-run: ${runId} -->` });
    const lured = await w.run(commentEvent(w.fake, copy.number, { login: 'bob', body: '/approve' }));
    expect(lured.stdout).not.toContain('STEP-1-RAN');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state.status).toBe('pending_approval');
    expect(after?.audit.events.at(-1)).toMatchObject({ type: 'command_refused', details: { rule: 5 } });
    expect(w.fake.comments(copy.number).at(-1)?.body).toMatch(/not a thread of run/);
  });

  it('/status and commands from someone below approver-permission get one reply and one audit event per wait', async () => {
    const w = await world({ stepwise: STEPWISE });
    const { runId, issue } = await startStepwise(w);
    const eventsBefore = (await readOriginState(w.repo, runId))?.audit.events.length ?? 0;
    const repliesBefore = w.fake.comments(issue).length;
    for (const body of ['/status', '/approve', '/status', '/reject spam']) {
      const r = await w.run(commentEvent(w.fake, issue, { login: 'rita', body }));
      expect(r.code, shown(r)).toBe(0);
    }
    const after = await readOriginState(w.repo, runId);
    expect(after?.audit.events.length).toBe(eventsBefore + 1);
    expect(after?.audit.events.at(-1)).toMatchObject({ type: 'command_refused', actor: 'rita', details: { rule: 2 } });
    // Four comments by rita, one reply from the bot.
    const replies = w.fake.comments(issue).slice(repliesBefore).filter((c) => c.user?.login !== 'rita');
    expect(replies).toHaveLength(1);
    // An eligible person's /status is answered and recorded nowhere.
    await w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/status' }));
    expect((await readOriginState(w.repo, runId))?.audit.events.length).toBe(eventsBefore + 1);
    expect(w.fake.comments(issue).at(-1)?.body).toContain(`Run ${runId}`);
  });

  it('closing the run\'s issue while a step runs is answered and reopened; the next gate reopens a closed issue', async () => {
    const w = await world({ blocking: BLOCKING });
    const dir = await makeTempDir('sop-block-');
    const env = { MARK: path.join(dir, 'mark'), RELEASE: path.join(dir, 'release') };
    const started = await w.run(dispatchEvent({ sop: 'blocking' }, 'alice'), { env });
    const runId = started.outputs['run-id'] ?? '';
    const issue = Number(started.outputs['issue-number']);
    // bob's approval starts step 1, which holds until the test releases it.
    const approving = w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/approve' }), { env });
    await fileAppears(env.MARK);
    expect((await readOriginState(w.repo, runId))?.state.status).toBe('running');

    await setIssueState(w, issue, 'closed');
    const closed = await w.run(issueClosedEvent(w.fake, issue, 'carol'));
    expect(closed.code, shown(closed)).toBe(0);
    expect(w.fake.issue(issue)?.state).toBe('open');
    expect(w.fake.comments(issue).at(-1)?.body).toMatch(/@carol .*running step 1/s);

    // Closed again (say the reply's reopen was undone): the next gate reopens it.
    await setIssueState(w, issue, 'closed');
    await writeFile(env.RELEASE, '');
    const approved = await approving;
    expect(approved.code, shown(approved)).toBe(0);
    expect(approved.outputs).toMatchObject({ status: 'pending_approval', 'current-step': '2' });
    expect(w.fake.issue(issue)?.state).toBe('open');
  });
});

/** Step 1 holds (without sleeping on a clock) until the test creates $RELEASE; step 2 has its own gate. */
const BLOCKING = sopFile({
  name: 'blocking',
  mode: 'supervised',
  steps: [
    { title: 'Hold', code: 'touch "$MARK"\nwhile [ ! -e "$RELEASE" ]; do sleep 0.05; done\necho held' },
    { title: 'Next (requires approval)', code: 'echo next' },
  ],
});

/** Waits for an event (a file the step creates), bounded so a broken step fails the test instead of hanging. */
async function fileAppears(file: string): Promise<void> {
  for (let i = 0; i < 2000 && !existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!existsSync(file)) throw new Error(`${file} never appeared: the step did not start`);
}

async function setIssueState(w: World, issue: number, state: 'open' | 'closed'): Promise<void> {
  const res = await fetch(`${w.fake.url}/repos/${w.repo.repository}/issues/${issue}`, {
    method: 'PATCH',
    headers: { authorization: 'token test', 'content-type': 'application/json' },
    body: JSON.stringify({ state }),
  });
  expect(res.status).toBe(200);
}
