// Which issue update each transition asks for: full sync at waits and ends, in-place checklist otherwise.
import { describe, expect, it } from 'vitest';
import { issueUpdateFor, LIVE_UPDATE_MS } from '../../src/action/channel.js';
import type { Effect } from '../../src/engine/types.js';

const finishedAndNext: Effect[] = [
  { type: 'step_finished', step: 1, status: 'completed' },
  { type: 'run_step', step: 2 },
];

describe('issueUpdateFor', () => {
  it('syncs the issue when a wait opens or the run ends', () => {
    expect(issueUpdateFor([{ type: 'gate_opened', step: 2, waiting_for: 'approval' }], 0)).toBe('sync');
    expect(issueUpdateFor([{ type: 'run_ended', status: 'completed' }], 0)).toBe('sync');
  });

  it('updates the checklist in place for a partial approval', () => {
    expect(issueUpdateFor([{ type: 'gate_progress', step: 2, approvals: ['bob'], needed: 2 }], 0)).toBe('body');
  });

  it('leaves quick steps to the next full sync, but shows a step that finished after a long quiet spell', () => {
    expect(issueUpdateFor(finishedAndNext, LIVE_UPDATE_MS - 1)).toBeNull();
    expect(issueUpdateFor(finishedAndNext, LIVE_UPDATE_MS)).toBe('body');
  });

  it('writes nothing for a claim or a refusal', () => {
    expect(issueUpdateFor([{ type: 'accepted', decision: 'approve', by: 'bob', step: 1 }, { type: 'run_step', step: 1 }], 60_000)).toBeNull();
    expect(issueUpdateFor([{ type: 'refused', rule: 4, reason: 'self' }], 60_000)).toBeNull();
  });
});
