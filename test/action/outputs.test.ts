// The Action's outputs: set only when well formed, since workflows hand them to scripts.
import { describe, expect, it } from 'vitest';
import { actionOutputs } from '../../src/action/outputs.js';
import type { RunState } from '../../src/engine/state-format.js';

const state = (over: Partial<RunState> = {}): RunState => ({
  run_id: 'run-20261126-k3f9x2', sop_name: 'deploy', status: 'pending_approval', current_step: 2,
  started_at: '2026-11-26T09:00:00Z', updated_at: '2026-11-26T09:00:00Z', payload: {}, mode: 'supervised',
  effective_mode: 'supervised', waiting_for: 'approval', wait: null, waits: 1,
  sop: { path: 'sops/deploy.md', sha256: 'a'.repeat(64), commit: null }, started_by: 'alice', trigger: { type: 'manual' },
  outputs: {}, approvals: [], history: [], ...over,
});

describe('actionOutputs', () => {
  it('gives the run id, status, step, issue and pull numbers as text', () => {
    expect(actionOutputs(state({ channel: { type: 'pull-request', pulls: { '2': { number: 41, branch: 'b', head_sha: 'c'.repeat(40), base: 'main', open: true } } } }), 40)).toEqual({
      'run-id': 'run-20261126-k3f9x2', status: 'pending_approval', 'current-step': '2', 'issue-number': '40', 'pull-number': '41',
    });
  });

  it('is all empty when the workflow run touched no run', () => {
    expect(Object.values(actionOutputs(undefined, null))).toEqual(['', '', '', '', '']);
  });

  it.each([
    ['a run id that is not one', state({ run_id: 'run-1; rm -rf /' }), 1, /output run-id/],
    ['a status outside the list', state({ status: '$(id)' as RunState['status'] }), 1, /output status/],
    ['a step that is not a whole number', state({ current_step: 1.5 }), 1, /output current-step/],
    ['an issue number below 1', state(), 0, /output issue-number/],
  ])('refuses %s', (_what, s, issue, message) => {
    expect(() => actionOutputs(s, issue)).toThrow(message);
  });
});
