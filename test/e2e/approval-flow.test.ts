// End to end through the built Action: a gate becomes an issue, a comment in a later workflow run resumes, rejects or fails the run.
import { describe, expect, it } from 'vitest';
import { commentEvent, dispatchEvent, groupOutput, readOriginState, verifyOrigin } from '../support/action-harness.js';
import { DEPLOY, FAILING, pinnedSop } from './sops.js';
import { shown, world, type World } from './world.js';

/** alice dispatches `sop` and the run stops at its first gate; returns the run id and its issue. */
async function startToGate(w: World, sop: string, payload: Record<string, unknown> = {}): Promise<{ runId: string; issue: number }> {
  const r = await w.reach(dispatchEvent({ sop, payload: JSON.stringify(payload) }, 'alice'));
  expect(r.code, shown(r)).toBe(0);
  expect(r.outputs['status']).toBe('pending_approval');
  return { runId: r.outputs['run-id'] ?? '', issue: Number(r.outputs['issue-number']) };
}

function labelsOf(w: World, issue: number): string[] {
  return (w.fake.issue(issue)?.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).sort();
}

describe('a supervised run through the issue channel', () => {
  it('opens an issue at the gate, and an eligible /approve in a new workflow run runs the steps and closes it', async () => {
    const w = await world({ deploy: DEPLOY });
    const started = await w.run(dispatchEvent({ sop: 'deploy', payload: '{"version":"v1.2.3"}' }, 'alice'));
    expect(started.code, shown(started)).toBe(0);
    const runId = started.outputs['run-id'] ?? '';
    expect(runId).toMatch(/^run-\d{8}-[a-z0-9]{6,}$/);
    expect(started.outputs).toMatchObject({ status: 'pending_approval', 'current-step': '1', 'issue-number': '1', 'pull-number': '' });
    expect(started.stdout).not.toContain('building');

    const issue = w.fake.issue(1);
    expect(issue?.state).toBe('open');
    expect(labelsOf(w, 1)).toEqual(['sop', 'sop:pending']);
    expect(issue?.title).toContain(runId);
    expect(issue?.body).toContain(`<!-- sop-run: ${runId} -->`);
    expect(issue?.body).toContain('- [ ] Step 1: Build — waiting for approval (0 of 1)');
    expect(issue?.body).toContain('- [ ] Step 2: Ship');
    expect(issue?.body).toContain('`/approve`');
    expect(issue?.body).toContain('`/reject <reason>`');
    expect(started.summary).toContain(`run ${runId}`);
    expect(started.summary).toContain('| 1 | Build | waiting for approval |');
    const atGate = await readOriginState(w.repo, runId);
    expect(atGate?.state).toMatchObject({ status: 'pending_approval', waiting_for: 'approval', started_by: 'alice', channel: { issue_number: 1 } });

    const approve = commentEvent(w.fake, 1, { login: 'bob', body: '/approve looks good' });
    const commentId = (approve.payload as { comment: { id: number } }).comment.id;
    const resumed = await w.run(approve);
    expect(resumed.code, shown(resumed)).toBe(0);
    expect(resumed.outputs).toMatchObject({ 'run-id': runId, status: 'completed', 'current-step': '2', 'issue-number': '1' });
    expect(groupOutput(resumed.stdout, 1)).toContain(`building v1.2.3 for ${runId}`);
    // Step 2 ran in the same workflow run and saw step 1's output.
    expect(groupOutput(resumed.stdout, 2)).toContain('shipping dist-v1.2.3.tgz');
    expect(w.fake.reactions(commentId).map((r) => r.content)).toEqual(['eyes', '+1']);
    // 👍 comes as soon as the approval counts, before the run's final comment.
    const calls = w.fake.requests.map((q) => `${q.method} ${q.path}`);
    expect(calls.lastIndexOf(`POST /repos/acme/ops/issues/comments/${commentId}/reactions`)).toBeLessThan(
      calls.lastIndexOf('POST /repos/acme/ops/issues/1/comments'),
    );

    const closed = w.fake.issue(1);
    expect(closed?.state).toBe('closed');
    expect(labelsOf(w, 1)).toEqual(['sop']);
    expect(closed?.body).toContain('- [x] Step 1: Build — completed');
    const comments = w.fake.comments(1);
    expect(comments.at(-1)?.body).toContain(`Run ${runId} **completed**`);

    const end = await readOriginState(w.repo, runId);
    expect(end?.state).toMatchObject({ status: 'completed', outputs: { '1': { artifact: 'dist-v1.2.3.tgz' } } });
    expect(end?.state.approvals).toMatchObject([{ step: 1, by: 'bob', decision: 'approve', via: 'issue_comment', ref: `comment:${commentId}` }]);
    expect(end?.log).toContain('shipping dist-v1.2.3.tgz');
    expect(await verifyOrigin(w.repo)).toEqual({ runs: 1, problems: [] });
    expect(resumed.summary).toContain('| 1 | Build | completed |');
    expect(resumed.summary).toContain('@bob');
    expect(resumed.summary).toContain('Issue: [#1]');
  });

  it('/reject with a reason ends the run as rejected and closes the issue', async () => {
    const w = await world({ deploy: DEPLOY });
    const { runId, issue } = await startToGate(w, 'deploy', { version: 'v1' });
    const r = await w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/reject not today' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('rejected');
    expect(r.stdout).not.toContain('building');
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.status).toBe('rejected');
    expect(end?.state.reason).toContain('not today');
    expect(w.fake.issue(issue)?.state).toBe('closed');
    expect(labelsOf(w, issue)).toEqual(['sop']);
    expect(w.fake.comments(issue).at(-1)?.body).toContain('**rejected**');
    expect(w.fake.comments(issue).at(-1)?.body).toContain('not today');
  });

  it('a read-only approver is refused by rule 2 with a reply; the run only gains a command_refused event', async () => {
    const w = await world({ deploy: DEPLOY });
    const { runId, issue } = await startToGate(w, 'deploy', { version: 'v1' });
    const before = await readOriginState(w.repo, runId);
    const r = await w.run(commentEvent(w.fake, issue, { login: 'rita', body: '/approve' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).not.toContain('building');
    const reply = w.fake.comments(issue).at(-1)?.body ?? '';
    expect(reply).toContain('@rita');
    expect(reply).toContain('your repository permission is below the one approvers need');
    expect(reply).not.toMatch(/rule \d/);
    expect(reply).toContain('only read permission');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state.status).toBe('pending_approval');
    expect(after?.state.approvals).toEqual([]);
    const added = after?.audit.events.slice(before?.audit.events.length);
    expect(added?.map((e) => [e.type, e.actor, e.details['rule']])).toEqual([['command_refused', 'rita', 2]]);
    expect(w.fake.issue(issue)?.state).toBe('open');
    expect(labelsOf(w, issue)).toEqual(['sop', 'sop:pending']);
  });

  it('a failing step fails the run and the workflow run, and closes the issue with the failure', async () => {
    const w = await world({ failing: FAILING });
    const { runId, issue } = await startToGate(w, 'failing');
    const r = await w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/approve' }));
    expect(r.code, shown(r)).toBe(1);
    expect(groupOutput(r.stdout, 1)).toContain('about to break');
    expect(r.stdout).toMatch(new RegExp(`::error::run ${runId} failed: .*exit code 3`));
    expect(r.outputs['status']).toBe('failed');
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.status).toBe('failed');
    expect(w.fake.issue(issue)?.state).toBe('closed');
    expect(w.fake.comments(issue).at(-1)?.body).toContain(`Run ${runId} **failed** at step 1`);
    expect(await verifyOrigin(w.repo)).toEqual({ runs: 1, problems: [] });
  });

  it('runs the pinned SOP text after the file changed on main between gate and approval', async () => {
    const w = await world({ pinned: pinnedSop('ALPHA') });
    const pinnedAt = await w.repo.mainSha();
    const { runId, issue } = await startToGate(w, 'pinned');
    const newer = await w.repo.commitToMain({ 'sops/pinned.md': pinnedSop('BETA') }, 'change the SOP');
    const r = await w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/approve' }));
    expect(r.code, shown(r)).toBe(0);
    expect(groupOutput(r.stdout, 1)).toContain('pinned text says ALPHA');
    expect(r.stdout).not.toContain('BETA');
    expect(r.stdout).toContain(`Checked out ${pinnedAt.slice(0, 12)}`);
    expect(r.stdout).toContain(`the workflow ran on ${newer.slice(0, 12)}`);
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.status).toBe('completed');
    expect(end?.state.sop.commit).toBe(pinnedAt);
  });
});
