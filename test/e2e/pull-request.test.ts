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
  const r = await w.run(dispatchEvent({ sop, payload: '{"version":"v1.2.3"}' }, 'alice'), { inputs });
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
