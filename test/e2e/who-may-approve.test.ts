// End to end through the built Action: SPEC 5.5, who may approve, and events that must change nothing.
import { describe, expect, it } from 'vitest';
import { commentEvent, dispatchEvent, issueClosedEvent, readOriginState, type ActionEvent, type ActionResult } from '../support/action-harness.js';
import { DEPLOY, ONCE, SELF_OK, TEAM, TWO_OF_THREE } from './sops.js';
import { shown, world, type World } from './world.js';

interface Gate {
  runId: string;
  issue: number;
}

async function startToGate(w: World, sop: string, by = 'alice'): Promise<Gate> {
  const r = await w.reach(dispatchEvent({ sop, payload: '{"version":"v1"}' }, by));
  expect(r.code, shown(r)).toBe(0);
  expect(r.outputs['status']).toBe('pending_approval');
  return { runId: r.outputs['run-id'] ?? '', issue: Number(r.outputs['issue-number']) };
}

function commentIdOf(event: ActionEvent): number {
  return (event.payload as { comment: { id: number } }).comment.id;
}

/** The reply's words for each rule: people read why, never "rule 4" (the audit keeps the number). */
const WHY: Record<number | 'state', string> = {
  1: 'commands from bots are ignored',
  2: 'your repository permission is below the one approvers need',
  3: 'you are not listed in approval.approvers',
  4: 'you started this run and self-approval is off',
  5: 'the command is not for the wait this run has open now',
  state: 'the run is not waiting for this command',
};

/** Runs the event and checks it was refused by `rule`: a reply saying why in words, one command_refused event, run still waiting. */
async function expectRefused(w: World, gate: Gate, event: ActionEvent, rule: number | 'state'): Promise<ActionResult> {
  const before = await readOriginState(w.repo, gate.runId);
  const r = await w.run(event);
  expect(r.code, shown(r)).toBe(0);
  const reply = w.fake.comments(gate.issue).at(-1)?.body ?? '';
  expect(reply).toContain(WHY[rule]);
  expect(reply).not.toMatch(/rule \d/);
  expect(reply).toContain('The run did not change.');
  const after = await readOriginState(w.repo, gate.runId);
  const added = after?.audit.events.slice(before?.audit.events.length ?? 0) ?? [];
  expect(added.map((e) => [e.type, e.details['rule']])).toEqual([['command_refused', rule]]);
  expect(after?.state.status).toBe(before?.state.status);
  expect(after?.state.approvals).toEqual(before?.state.approvals);
  return r;
}

async function expectApproved(w: World, gate: Gate, event: ActionEvent, by: string): Promise<ActionResult> {
  const r = await w.run(event);
  expect(r.code, shown(r)).toBe(0);
  expect(r.outputs['status']).toBe('completed');
  const end = await readOriginState(w.repo, gate.runId);
  expect(end?.state.approvals.map((a) => a.by)).toEqual([by]);
  return r;
}

/** Runs the event and checks nothing happened anywhere: no API write, no reaction, no reply, origin untouched. */
async function expectNothing(w: World, event: ActionEvent): Promise<ActionResult> {
  const tip = await w.repo.stateTip();
  const comments = w.fake.comments(1).length;
  w.fake.resetRequests();
  const r = await w.run(event);
  expect(r.code, shown(r)).toBe(0);
  expect(w.fake.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  expect(await w.repo.stateTip()).toBe(tip);
  expect(w.fake.comments(1)).toHaveLength(comments);
  return r;
}

describe('repository permission (rule 2)', () => {
  it('refuses a triage user when approver-permission is write', async () => {
    const w = await world({ deploy: DEPLOY });
    const gate = await startToGate(w, 'deploy');
    await expectRefused(w, gate, commentEvent(w.fake, gate.issue, { login: 'tom', body: '/approve' }), 2);
    expect(w.fake.comments(gate.issue).at(-1)?.body).toContain('only triage permission');
  });

  it('accepts a triage user when approver-permission is triage', async () => {
    const w = await world({ deploy: DEPLOY });
    const gate = await startToGate(w, 'deploy');
    const r = await w.run(commentEvent(w.fake, gate.issue, { login: 'tom', body: '/approve' }), { inputs: { 'approver-permission': 'triage' } });
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('completed');
  });

  it('refuses someone who is not a collaborator (404)', async () => {
    const w = await world({ deploy: DEPLOY });
    const gate = await startToGate(w, 'deploy');
    const r = await expectRefused(w, gate, commentEvent(w.fake, gate.issue, { login: 'stranger', body: '/approve' }), 2);
    expect(w.fake.comments(gate.issue).at(-1)?.body).toContain('is not a collaborator');
    // GitHub's 404 is the expected answer for a non-collaborator, not something to warn about.
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringContaining('approve by stranger refused'),
    ]);
  });
});

describe('bots, edits and unrelated issues', () => {
  it("ignores a bot's /approve silently: no reaction, no reply, no audit event", async () => {
    const w = await world({ deploy: DEPLOY });
    await startToGate(w, 'deploy');
    const event = commentEvent(w.fake, 1, { login: 'renovate[bot]', type: 'Bot', body: '/approve' });
    await expectNothing(w, event);
    expect(w.fake.reactions(commentIdOf(event))).toEqual([]);
    expect(w.fake.requests).toEqual([]);
  });

  it('ignores an edited comment', async () => {
    const w = await world({ deploy: DEPLOY });
    await startToGate(w, 'deploy');
    const event = commentEvent(w.fake, 1, { login: 'bob', body: '/approve', action: 'edited' });
    const r = await expectNothing(w, event);
    expect(r.stdout).toContain('::notice::');
    expect(w.fake.reactions(commentIdOf(event))).toEqual([]);
  });

  it('ignores a command on an issue without a run marker, with a notice', async () => {
    const w = await world({ deploy: DEPLOY });
    await startToGate(w, 'deploy');
    const other = w.fake.addIssue({ login: 'zed', title: 'unrelated', body: 'nothing to see' });
    const r = await expectNothing(w, commentEvent(w.fake, other.number, { login: 'bob', body: '/approve' }));
    expect(r.stdout).toMatch(/::notice::.*not a sop-engine run issue/);
    expect(w.fake.requests).toEqual([]);
  });
});

describe('the approver list and the starter (rules 3 and 4)', () => {
  it('refuses the run starter without allow_self_approval (rule 4)', async () => {
    const w = await world({ deploy: DEPLOY });
    const gate = await startToGate(w, 'deploy');
    await expectRefused(w, gate, commentEvent(w.fake, gate.issue, { login: 'alice', body: '/approve' }), 4);
  });

  it('accepts the starter with allow_self_approval: true', async () => {
    const w = await world({ 'self-ok': SELF_OK });
    const gate = await startToGate(w, 'self-ok');
    const r = await expectApproved(w, gate, commentEvent(w.fake, gate.issue, { login: 'alice', body: '/approve' }), 'alice');
    expect(r.stdout).toContain('self-approved step ran');
  });

  it('accepts a member of an approver team and refuses a writer outside it (rule 3)', async () => {
    const w = await world({ team: TEAM });
    const gate = await startToGate(w, 'team');
    await expectRefused(w, gate, commentEvent(w.fake, gate.issue, { login: 'nora', body: '/approve' }), 3);
    expect(w.fake.comments(gate.issue).at(-1)?.body).toContain('@acme/sre');
    const r = await expectApproved(w, gate, commentEvent(w.fake, gate.issue, { login: 'tina', body: '/approve' }), 'tina');
    expect(r.stdout).toContain('team step ran');
  });

  it('a 2-of-3 gate waits after the first approval and resumes at the second', async () => {
    const w = await world({ 'two-of-three': TWO_OF_THREE });
    const gate = await startToGate(w, 'two-of-three');
    const first = await w.run(commentEvent(w.fake, gate.issue, { login: 'carol', body: '/approve' }));
    expect(first.code, shown(first)).toBe(0);
    expect(first.outputs['status']).toBe('pending_approval');
    expect(first.stdout).not.toContain('two-of-three step ran');
    expect(w.fake.issue(gate.issue)?.body).toContain('waiting for approval (1 of 2: carol)');
    expect(w.fake.issue(gate.issue)?.state).toBe('open');
    // bob has write access but is not one of the listed approvers.
    await expectRefused(w, gate, commentEvent(w.fake, gate.issue, { login: 'bob', body: '/approve' }), 3);
    const second = await w.run(commentEvent(w.fake, gate.issue, { login: 'dave', body: '/approve' }));
    expect(second.code, shown(second)).toBe(0);
    expect(second.outputs['status']).toBe('completed');
    expect(second.stdout).toContain('two-of-three step ran');
    const end = await readOriginState(w.repo, gate.runId);
    expect(end?.state.approvals.map((a) => a.by)).toEqual(['carol', 'dave']);
  });
});

describe('the current gate only (rule 5) and repeated events', () => {
  it('refuses a command that names another run id', async () => {
    const w = await world({ deploy: DEPLOY });
    const gate = await startToGate(w, 'deploy');
    await expectRefused(w, gate, commentEvent(w.fake, gate.issue, { login: 'bob', body: '/approve run-20200101-abcdef' }), 5);
  });

  it("refuses an old run's id on a new run's issue, and an /approve on the old run's closed issue", async () => {
    const w = await world({ deploy: DEPLOY });
    const old = await startToGate(w, 'deploy');
    const rejected = await w.run(commentEvent(w.fake, old.issue, { login: 'bob', body: '/reject wrong version' }));
    expect(rejected.outputs['status']).toBe('rejected');
    const current = await startToGate(w, 'deploy');
    expect(current.issue).not.toBe(old.issue);
    await expectRefused(w, current, commentEvent(w.fake, current.issue, { login: 'bob', body: `/approve ${old.runId}` }), 5);
    await expectRefused(w, old, commentEvent(w.fake, old.issue, { login: 'bob', body: '/approve' }), 'state');
    expect((await readOriginState(w.repo, old.runId))?.state.status).toBe('rejected');
  });

  it('the same comment delivered twice changes nothing the second time', async () => {
    const w = await world({ once: ONCE });
    const gate = await startToGate(w, 'once');
    const event = commentEvent(w.fake, gate.issue, { login: 'bob', body: '/approve' });
    const first = await w.run(event);
    expect(first.outputs['status']).toBe('completed');
    const after = await readOriginState(w.repo, gate.runId);
    const tip = await w.repo.stateTip();
    const comments = w.fake.comments(gate.issue).length;
    const second = await w.run(event);
    expect(second.code, shown(second)).toBe(0);
    expect(second.stdout).not.toContain('EXECUTED-ONCE-MARK');
    expect(await w.repo.stateTip()).toBe(tip);
    const end = await readOriginState(w.repo, gate.runId);
    expect(end?.audit.events).toHaveLength(after?.audit.events.length ?? -1);
    expect(end?.log.split('EXECUTED-ONCE-MARK')).toHaveLength(2);
    expect(w.fake.comments(gate.issue)).toHaveLength(comments);
  });

  it('two approvals arriving at once run the step exactly once', async () => {
    const w = await world({ once: ONCE });
    const gate = await startToGate(w, 'once');
    const bob = commentEvent(w.fake, gate.issue, { login: 'bob', body: '/approve' });
    const carol = commentEvent(w.fake, gate.issue, { login: 'carol', body: '/approve' });
    const results = await Promise.all([w.run(bob), w.run(carol)]);
    for (const r of results) expect(r.code, shown(r)).toBe(0);
    const ran = results.filter((r) => r.stdout.includes('EXECUTED-ONCE-MARK'));
    expect(ran).toHaveLength(1);
    const end = await readOriginState(w.repo, gate.runId);
    expect(end?.state.status).toBe('completed');
    expect(end?.audit.events.filter((e) => e.type === 'step_started')).toHaveLength(1);
    expect(end?.log.split('EXECUTED-ONCE-MARK')).toHaveLength(2);
    expect(end?.state.approvals).toHaveLength(1);
    // The later one was told the gate had already passed.
    const refused = end?.audit.events.filter((e) => e.type === 'command_refused') ?? [];
    expect(refused.map((e) => e.details['rule'])).toEqual(['state']);
  });
});

describe('closing the issue', () => {
  it('a person closing the run issue rejects the gate with "issue closed by <login>"', async () => {
    const w = await world({ deploy: DEPLOY });
    const gate = await startToGate(w, 'deploy');
    const r = await w.run(issueClosedEvent(w.fake, gate.issue, 'bob'));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('rejected');
    const end = await readOriginState(w.repo, gate.runId);
    expect(end?.state.status).toBe('rejected');
    expect(end?.state.reason).toContain('issue closed by bob');
    expect(w.fake.issue(gate.issue)?.state).toBe('closed');
    expect(w.fake.comments(gate.issue).at(-1)?.body).toContain('issue closed by bob');
  });

  it('a close by someone who may not reject is refused and the issue reopened', async () => {
    const w = await world({ deploy: DEPLOY });
    const gate = await startToGate(w, 'deploy');
    w.fake.resetRequests();
    await expectRefused(w, gate, issueClosedEvent(w.fake, gate.issue, 'rita'), 2);
    const reopen = w.fake.requests.filter((q) => q.method === 'PATCH' && q.path === `/repos/acme/ops/issues/${gate.issue}`);
    expect(reopen.map((q) => q.body)).toEqual([{ state: 'open' }]);
  });
});
