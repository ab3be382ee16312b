// The tests' `reach`: a world that reuses an earlier run's outcome must be the world that run left.
import { describe, expect, it } from 'vitest';
import { dispatchEvent, readOriginState } from '../support/action-harness.js';
import { runGitIn } from '../support/git.js';
import { DEPLOY } from './sops.js';
import { world, type World } from './world.js';

/** What a world holds after the run, its fake's address left out (each fake listens on its own port). */
async function outcome(w: World, runId: string): Promise<string> {
  const state = {
    refs: await runGitIn(w.repo.origin, ['for-each-ref', '--format=%(refname) %(objectname)']),
    run: await readOriginState(w.repo, runId),
    issue: w.fake.issue(1),
    comments: w.fake.comments(1),
    requests: w.fake.requests.map((q) => `${q.method} ${q.path}`),
    tick: w.fake.tick(),
  };
  return JSON.stringify(state).replaceAll(new URL(w.fake.url).host, 'fake-github');
}

describe('reach', () => {
  it('a second world at the same starting point gets the first run’s origin, fake GitHub and result, without a workflow run', async () => {
    const event = dispatchEvent({ sop: 'deploy', payload: '{"version":"v1"}' }, 'alice');
    const first = await world({ deploy: DEPLOY });
    const ran = await first.reach(event);
    expect(ran.outputs['status']).toBe('pending_approval');
    const runId = ran.outputs['run-id'] ?? '';

    // Run ids are random: the same id (and the same everything else) is the first run's, not a new one.
    const second = await world({ deploy: DEPLOY });
    const reached = await second.reach(event);
    expect(reached).toEqual(ran);
    expect(await outcome(second, runId)).toEqual(await outcome(first, runId));

    // Another starting point (here: a different event) runs for real.
    const third = await world({ deploy: DEPLOY });
    const other = await third.reach(dispatchEvent({ sop: 'deploy', payload: '{"version":"v2"}' }, 'alice'));
    expect(other.outputs['run-id']).not.toBe(runId);
  });
});
