// Whether a PR is still the approval channel the engine created: number, wait, branch, base and head commit.
import { describe, expect, it } from 'vitest';
import type { RunState } from '../../src/engine/state-format.js';
import { pullChannelProblem } from '../../src/github/pull-match.js';
import { makeSop, started } from '../engine/fixtures.js';

const HEAD = 'c'.repeat(40);

function waitingOn(step: number, pulls: RunState['channel']): RunState {
  const state = started(makeSop({ mode: 'step_by_step' }));
  return { ...state, current_step: step, channel: pulls };
}

const step2 = waitingOn(2, {
  type: 'pull-request',
  pulls: {
    '1': { number: 4, branch: 'sop-approvals/r/step-1', head_sha: 'a'.repeat(40), base: 'main', open: false },
    '2': { number: 7, branch: 'sop-approvals/r/step-2', head_sha: HEAD, base: 'main', open: true },
  },
});

describe('pullChannelProblem', () => {
  it('accepts the current wait\'s PR exactly as created', () => {
    expect(step2.status).toBe('pending_approval');
    expect(pullChannelProblem(step2, { number: 7, headRef: 'sop-approvals/r/step-2', headSha: HEAD, baseRef: 'main' })).toBeNull();
    expect(pullChannelProblem(step2, { number: 7 })).toBeNull();
  });

  it('a PR of an earlier, decided wait is not this wait\'s channel, and the reply names the current PR', () => {
    expect(pullChannelProblem(step2, { number: 4 })).toContain('was the approval pull request of step 1');
    expect(pullChannelProblem(step2, { number: 4 })).toContain('step 2 waits on #7');
  });

  it('a PR the run never opened is not its channel', () => {
    expect(pullChannelProblem(step2, { number: 99 })).toContain('#99 is not an approval pull request of run');
  });

  it('a pushed commit, another branch or another base makes the PR stop counting', () => {
    expect(pullChannelProblem(step2, { number: 7, headSha: 'd'.repeat(40) })).toContain('someone pushed to it');
    expect(pullChannelProblem(step2, { number: 7, baseRef: 'release' })).toContain('it targets release, not main');
    expect(pullChannelProblem(step2, { number: 7, headRef: 'evil' })).toContain('its branch is evil');
  });

  it('a run that stopped waiting has no channel left', () => {
    const ended: RunState = { ...step2, status: 'completed', waiting_for: null };
    expect(pullChannelProblem(ended, { number: 7 })).toContain('which is decided');
  });
});
