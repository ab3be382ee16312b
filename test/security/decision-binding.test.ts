// Attacks on SPEC 3.1 ("a decision belongs to one wait"), played against the pure engine.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { RunState } from '../../src/engine/state-format.js';
import { at, command, finished, makeSop, ok, started } from '../engine/fixtures.js';

const stepByStep = makeSop({ mode: 'step_by_step', steps: ['run', 'run', 'run'] });

/** Gate 1 passed by bob (issued at 10 s), step 1 finished at 30 s: gate 2 is open since 30 s. */
function atGate2(): RunState {
  let state = started(stepByStep);
  state = ok(decide(stepByStep, state, command('approve', 'bob', { at: at(20), issued_at: at(10) }))).state;
  state = ok(decide(stepByStep, state, finished(1, { at: at(30) }))).state;
  expect(state.wait).toEqual({ seq: 2, step: 2, waiting_for: 'approval', opened_at: at(30) });
  return state;
}

describe('a decision counts only for the wait it was given for', () => {
  it('a /approve given while gate 1 was open, processed after gate 2 opened, never passes gate 2', () => {
    const state = atGate2();
    // carol commented at 15 s, while gate 1 was open; her workflow run is processed at 40 s.
    const late = ok(decide(stepByStep, state, command('approve', 'carol', { at: at(40), issued_at: at(15) })));
    expect(late.state.status).toBe('pending_approval');
    expect(late.state.approvals.filter((a) => a.wait === 2)).toEqual([]);
    expect(late.effects).toEqual([{ type: 'refused', rule: 5, reason: expect.stringContaining('step 2 waits for approval now') }]);
    expect(late.audit.map((e) => e.type)).toEqual(['command_refused']);
    // The same person approving again now, after seeing gate 2, does count.
    const fresh = ok(decide(stepByStep, late.state, command('approve', 'carol', { at: at(50), issued_at: at(45) })));
    expect(fresh.state.status).toBe('running');
    expect(fresh.state.approvals.at(-1)).toMatchObject({ by: 'carol', step: 2, wait: 2, at: at(45) });
  });

  it('a rejection issued before the current wait opened does not end the run', () => {
    const d = ok(decide(stepByStep, atGate2(), command('reject', 'carol', { reason: 'no', at: at(40), issued_at: at(12) })));
    expect(d.state.status).toBe('pending_approval');
    expect(d.effects[0]).toMatchObject({ type: 'refused', rule: 5 });
  });

  it('/approve step 1 while step 2 waits is refused, naming the step that waits', () => {
    const d = ok(decide(stepByStep, atGate2(), command('approve', 'carol', { at: at(40), issued_at: at(40), step: 1 })));
    expect(d.effects).toEqual([{ type: 'refused', rule: 5, reason: expect.stringMatching(/names step 1, but step 2 waits/) }]);
    const named = ok(decide(stepByStep, atGate2(), command('approve', 'carol', { at: at(40), issued_at: at(40), step: 2 })));
    expect(named.state.status).toBe('running');
  });

  it('a CLI approval that read gate 1 never lands on gate 2 (wait numbers, not clocks, decide)', () => {
    // Same instant as the gate opened: only the wait number it read tells the command apart.
    const d = ok(decide(stepByStep, atGate2(), command('approve', 'carol', { via: 'cli', ref: 'cli:x', at: at(30), issued_at: at(30), wait_seq: 1 })));
    expect(d.effects).toEqual([{ type: 'refused', rule: 5, reason: expect.stringContaining('earlier wait (wait 1)') }]);
  });

  it('approvals are counted per wait: an approval of an earlier wait of the same step does not count', () => {
    const two = makeSop({ mode: 'supervised', steps: ['gate'], approval: { min_approvals: 2 } });
    let state = started(two);
    // Gate before step 1 (wait 1) is the only wait here; approvals record it.
    state = ok(decide(two, state, command('approve', 'bob', { at: at(5) }))).state;
    expect(state.approvals).toEqual([expect.objectContaining({ by: 'bob', wait: 1 })]);
    const forged: RunState = { ...state, waits: 2, wait: { seq: 2, step: 1, waiting_for: 'approval', opened_at: at(6) } };
    const d = ok(decide(two, forged, command('approve', 'carol', { at: at(7) })));
    // bob's approval was for wait 1, so carol's is the first of wait 2: the gate still needs one more.
    expect(d.state.status).toBe('pending_approval');
    expect(d.effects).toContainEqual({ type: 'gate_progress', step: 1, approvals: ['carol'], needed: 2 });
  });
});

describe('manual steps', () => {
  it('a second /approve does not confirm a manual step nobody checked: it is refused, naming /done', () => {
    const def = makeSop({ mode: 'auto', steps: ['manual', 'run'] });
    const d = ok(decide(def, started(def), command('approve', 'bob')));
    expect(d.state.status).toBe('pending_approval');
    expect(d.effects).toEqual([{ type: 'refused', rule: 'state', reason: expect.stringContaining('confirm it with /done') }]);
  });
});

describe('refusals cannot grow the audit', () => {
  it('a person refused during a wait is recorded and answered once; repeats change nothing', () => {
    const def = makeSop();
    const state = started(def);
    const outsider = { rule: 2 as const, reason: 'rita has only read permission' };
    const first = ok(decide(def, state, command('approve', 'rita', { precheck: outsider })));
    expect(first.audit).toHaveLength(1);
    let s = first.state;
    for (const cmd of ['approve', 'status', 'reject', 'done'] as const) {
      const again = ok(decide(def, s, command(cmd, 'rita', { precheck: outsider, reason: 'x' })));
      expect(again.audit).toEqual([]);
      expect(again.state).toBe(s);
      expect(again.effects).toEqual([{ type: 'refused', rule: 2, reason: outsider.reason, repeat: true }]);
      s = again.state;
    }
    // Another person is answered on their own.
    expect(ok(decide(def, s, command('approve', 'mallory', { precheck: outsider }))).audit).toHaveLength(1);
  });

  it('/status from an eligible person changes nothing and records nothing', () => {
    const def = makeSop();
    const state = started(def);
    const d = ok(decide(def, state, command('status', 'bob')));
    expect(d.audit).toEqual([]);
    expect(d.state).toBe(state);
  });
});
