// Sweeping overdue gates and cancelling runs.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { LOST_STEP_GRACE_MS } from '../../src/engine/end-wait.js';
import { at, command, makeSop, ok, started } from './fixtures.js';

const SEVEN_DAYS_S = 7 * 86_400;

describe('sweep', () => {
  const def = makeSop();

  it('leaves a gate alone up to exactly its timeout', () => {
    const state = started(def);
    for (const t of [1, SEVEN_DAYS_S - 1, SEVEN_DAYS_S]) {
      const d = ok(decide(def, state, { type: 'sweep', at: at(t) }));
      expect(d.state).toBe(state);
      expect(d.audit).toEqual([]);
      expect(d.effects).toEqual([]);
    }
  });

  it('ends a gate one second past its timeout as timed_out', () => {
    const d = ok(decide(def, started(def), { type: 'sweep', at: at(SEVEN_DAYS_S + 1) }));
    const reason = 'step 1 waited for approval longer than 7d (approval.timeout)';
    expect(d.state).toMatchObject({ status: 'timed_out', reason, waiting_for: null, wait: null, finished_at: at(SEVEN_DAYS_S + 1) });
    expect(d.state.history.at(-1)).toEqual({ step: 1, status: 'timed_out', output: '', timestamp: at(SEVEN_DAYS_S + 1) });
    expect(d.audit).toEqual([
      { ts: at(SEVEN_DAYS_S + 1), type: 'run_timed_out', actor: 'system', step: 1, details: { reason, waited_ms: SEVEN_DAYS_S * 1000 + 1000 } },
    ]);
    expect(d.effects).toEqual([{ type: 'run_ended', status: 'timed_out', reason }]);
  });

  it('measures from when the current wait began, not from the start of the run', () => {
    const gated = makeSop({ steps: ['run', 'gate'], approval: { timeout: '1h', timeout_ms: 3_600_000 } });
    let state = ok(decide(gated, started(gated), command('approve', 'bob', { at: at(10) }))).state;
    state = ok(decide(gated, state, { type: 'step_finished', step: 1, at: at(7200), exit_code: 0, timed_out: false, output: '', outputs: {}, duration_ms: 1 })).state;
    expect(state.wait).toEqual({ seq: 2, step: 2, waiting_for: 'approval', opened_at: at(7200) });
    expect(ok(decide(gated, state, { type: 'sweep', at: at(7200 + 3600) })).state).toBe(state);
    expect(ok(decide(gated, state, { type: 'sweep', at: at(7200 + 3601) })).state.reason).toBe(
      'step 2 waited for approval longer than 1h (approval.timeout)',
    );
  });

  it('leaves a running step alone until well past its own timeout, then ends the run as lost', () => {
    const auto = makeSop({ mode: 'auto' });
    const running = started(auto);
    expect(running.status).toBe('running');
    // step timeout 10m + 10m grace: the runner that claimed it is gone.
    const limit = 600 + LOST_STEP_GRACE_MS / 1000;
    expect(ok(decide(auto, running, { type: 'sweep', at: at(limit) })).state).toBe(running);
    const d = ok(decide(auto, running, { type: 'sweep', at: at(limit + 1) }));
    expect(d.state.status).toBe('failed');
    expect(d.state.reason).toMatch(/step 1 was claimed at .* but its runner never reported back/);
    expect(d.audit.map((a) => [a.type, a.actor])).toEqual([['run_failed', 'system']]);
  });

  it('does nothing to finished runs', () => {
    const done = ok(decide(def, started(def), { type: 'cancel', by: 'carol', at: at(5), reason: 'x' })).state;
    expect(ok(decide(def, done, { type: 'sweep', at: at(SEVEN_DAYS_S * 2) })).state).toBe(done);
  });

  it('times a gate out when a decision arrives after approval.timeout, even before any sweep', () => {
    const d = ok(decide(def, started(def), command('approve', 'bob', { at: at(SEVEN_DAYS_S + 1) })));
    expect(d.state.status).toBe('timed_out');
    expect(d.audit.map((a) => a.type)).toEqual(['run_timed_out', 'command_refused']);
    expect(d.effects).toContainEqual({ type: 'refused', rule: 'state', reason: 'too late: step 1 waited for approval longer than 7d (approval.timeout)' });
    expect(d.effects.some((e) => e.type === 'run_step')).toBe(false);
  });
});

describe('cancel', () => {
  const def = makeSop();

  it('cancels a waiting run with the reason', () => {
    const d = ok(decide(def, started(def), { type: 'cancel', by: 'carol', at: at(5), reason: 'superseded' }));
    expect(d.state).toMatchObject({ status: 'cancelled', reason: 'superseded', finished_at: at(5), waiting_for: null });
    expect(d.audit.map((a) => [a.type, a.actor])).toEqual([['run_cancelled', 'carol']]);
    expect(d.effects).toEqual([{ type: 'run_ended', status: 'cancelled', reason: 'superseded' }]);
  });

  it('cannot cancel a finished run', () => {
    const cancelled = ok(decide(def, started(def), { type: 'cancel', by: 'carol', at: at(5), reason: 'x' })).state;
    expect(decide(def, cancelled, { type: 'cancel', by: 'carol', at: at(6), reason: 'y' })).toEqual({
      ok: false,
      error: expect.stringContaining('already cancelled'),
    });
  });
});
