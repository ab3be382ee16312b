// Cancel and lost runners (SPEC 3.6): who may cancel, what a cancel ends, and a claim whose runner is gone.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { RunState } from '../../src/engine/state-format.js';
import { at, command, finished, makeSop, ok, started } from './fixtures.js';

const RUNNER = { kind: 'cli' as const, host: 'laptop', pid: 4242 };

function running(): { def: ReturnType<typeof makeSop>; state: RunState } {
  const def = makeSop({ mode: 'supervised', steps: ['run', 'run'] });
  const state = ok(decide(def, started(def), command('approve', 'bob', { runner: RUNNER }))).state;
  return { def, state };
}

describe('claims record their runner', () => {
  it('the running history entry and the step_started event name who claimed the step', () => {
    const { state } = running();
    expect(state.history.at(-1)).toMatchObject({ step: 1, status: 'running', runner: RUNNER });
  });
});

describe('cancel', () => {
  it('the starter cancels a waiting run', () => {
    const def = makeSop();
    const d = ok(decide(def, started(def), command('cancel', 'alice', { reason: 'wrong tag' })));
    expect(d.state).toMatchObject({ status: 'cancelled', reason: 'wrong tag', wait: null });
    expect(d.audit.map((e) => e.type)).toEqual(['run_cancelled']);
  });

  it('an eligible person cancels a running run; the step\'s late result is kept on record and changes nothing else', () => {
    const { def, state } = running();
    const cancelled = ok(decide(def, state, command('cancel', 'carol', { at: at(70) }))).state;
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'cancelled by carol' });
    const late = ok(decide(def, cancelled, finished(1, { at: at(80) })));
    expect(late.state.status).toBe('cancelled');
    expect(late.effects).toEqual([]);
    expect(late.audit.map((e) => e.type)).toEqual(['step_result_after_end']);
  });

  it('someone not among the listed approvers, who did not start the run, may not cancel it', () => {
    const def = makeSop({ approval: { approvers: ['carol'] } });
    const d = ok(decide(def, started(def), command('cancel', 'mallory')));
    expect(d.state.status).toBe('pending_approval');
    expect(d.effects[0]).toMatchObject({ type: 'refused', rule: 3 });
  });

  it('a finished run has nothing to cancel', () => {
    const def = makeSop();
    const rejected = ok(decide(def, started(def), command('reject', 'bob', { reason: 'no' }))).state;
    const d = ok(decide(def, rejected, command('cancel', 'alice')));
    expect(d.effects[0]).toMatchObject({ type: 'refused', rule: 'state', reason: expect.stringContaining('nothing to cancel') });
  });
});

describe('a lost runner', () => {
  it('fails the claimed step at once with "runner lost"', () => {
    const { def, state } = running();
    const d = ok(decide(def, state, { type: 'runner_lost', at: at(90), step: 1, reason: 'process 4242 on laptop is gone' }));
    expect(d.state).toMatchObject({ status: 'failed', reason: 'step 1 failed: runner lost (process 4242 on laptop is gone)' });
  });

  it('changes nothing once the claim moved on', () => {
    const { def, state } = running();
    const next = ok(decide(def, state, finished(1))).state;
    expect(ok(decide(def, next, { type: 'runner_lost', at: at(200), step: 1, reason: 'gone' })).audit).toEqual([]);
  });
});
