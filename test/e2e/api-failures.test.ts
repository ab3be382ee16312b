// End to end through the built Action: GitHub API errors are retried, and an API that stays down changes nothing.
import { describe, expect, it } from 'vitest';
import { commentEvent, dispatchEvent, groupOutput, readOriginState, verifyOrigin } from '../support/action-harness.js';
import { DEPLOY } from './sops.js';
import { shown, world } from './world.js';

describe('GitHub API failures', () => {
  it('retries a 502 and a 429 with retry-after, and the flow succeeds', async () => {
    const w = await world({ deploy: DEPLOY });
    w.fake.failNext(1, 502, { path: '/repos/acme/ops/issues' });
    const started = await w.run(dispatchEvent({ sop: 'deploy', payload: '{"version":"v1"}' }, 'alice'));
    expect(started.code, shown(started)).toBe(0);
    expect(started.outputs['issue-number']).toBe('1');
    // The 502 was answered, then the same create succeeded: one issue, two attempts.
    expect(w.fake.countRequests({ method: 'POST', path: '/repos/acme/ops/issues' })).toBe(2);
    expect(w.fake.issue(2)).toBeUndefined();

    w.fake.failNext(1, 429, { retryAfter: 1, path: /\/collaborators\/bob\/permission$/ });
    const resumed = await w.run(commentEvent(w.fake, 1, { login: 'bob', body: '/approve' }));
    expect(resumed.code, shown(resumed)).toBe(0);
    expect(resumed.stdout).toMatch(/::warning::GitHub secondary rate limit hit on GET \S*\/permission; retrying in 1s/);
    expect(w.fake.countRequests({ path: '/repos/acme/ops/collaborators/bob/permission' })).toBe(2);
    expect(resumed.outputs['status']).toBe('completed');
    expect(groupOutput(resumed.stdout, 2)).toContain('shipping dist-v1.tgz');
    expect(w.fake.issue(1)?.state).toBe('closed');
  });

  it('an API that stays down fails the approval closed; delivered again once GitHub is back, the run resumes', async () => {
    const w = await world({ deploy: DEPLOY });
    const started = await w.run(dispatchEvent({ sop: 'deploy', payload: '{"version":"v1"}' }, 'alice'));
    const runId = started.outputs['run-id'] ?? '';
    const approve = commentEvent(w.fake, 1, { login: 'bob', body: '/approve' });
    const tip = await w.repo.stateTip();

    w.fake.setDown(true);
    const failed = await w.run(approve);
    expect(failed.code, shown(failed)).toBe(1);
    const error = failed.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toContain("Could not read @bob's permission on acme/ops");
    expect(error).toContain('HTTP 503');
    expect(error).toContain('Nothing was approved and the run is unchanged; re-run the workflow once GitHub answers');
    expect(failed.stdout).not.toContain('building');
    expect(await w.repo.stateTip()).toBe(tip);

    w.fake.setDown(false);
    const again = await w.run(approve);
    expect(again.code, shown(again)).toBe(0);
    expect(again.outputs['status']).toBe('completed');
    const end = await readOriginState(w.repo, runId);
    expect(end?.state.status).toBe('completed');
    expect(end?.state.approvals.map((a) => a.by)).toEqual(['bob']);
    expect(end?.audit.events.filter((e) => e.type === 'step_started' || e.type === 'command_refused').map((e) => e.type)).toEqual([
      'step_started',
      'step_started',
    ]);
    expect(await verifyOrigin(w.repo)).toEqual({ runs: 1, problems: [] });
  });
});
