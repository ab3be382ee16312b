// Recording a step's result: success moves on, failure or timeout ends the run with a reason.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { makeSop, finished, ok, started, at } from './fixtures.js';

describe('step_finished', () => {
  const def = makeSop({ mode: 'auto' });

  it('records output, exit code, duration and outputs, then claims the next step', () => {
    const d = ok(decide(def, started(def), finished(1, { outputs: { artifact: 'dist.tgz' }, output: 'built\n' })));
    expect(d.state.outputs).toEqual({ '1': { artifact: 'dist.tgz' } });
    expect(d.state.history.slice(1)).toEqual([
      { step: 1, status: 'completed', output: 'built\n', timestamp: at(120), exit_code: 0, timed_out: false, duration_ms: 1500 },
      { step: 2, status: 'running', output: '', timestamp: at(120) },
    ]);
    expect(d.audit.map((a) => a.type)).toEqual(['step_completed', 'step_started']);
    expect(d.audit[0]?.details).toEqual({ exit_code: 0, timed_out: false, duration_ms: 1500, outputs: ['artifact'] });
    expect(d.effects).toEqual([
      { type: 'step_finished', step: 1, status: 'completed' },
      { type: 'run_step', step: 2 },
    ]);
    expect(d.summary).toBe('step 1 completed, running step 2');
  });

  it('keeps outputs per step; a step without outputs adds no key', () => {
    let state = started(def);
    state = ok(decide(def, state, finished(1, { outputs: { a: '1' } }))).state;
    state = ok(decide(def, state, finished(2))).state;
    state = ok(decide(def, state, finished(3, { outputs: { a: '3', b: 'x' } }))).state;
    expect(state.outputs).toEqual({ '1': { a: '1' }, '3': { a: '3', b: 'x' } });
    expect(state.status).toBe('completed');
  });

  it('the last step completing completes the run', () => {
    const one = makeSop({ mode: 'auto', steps: ['run'] });
    const d = ok(decide(one, started(one), finished(1)));
    expect(d.state).toMatchObject({ status: 'completed', current_step: 1, finished_at: at(120) });
    expect(d.audit.map((a) => a.type)).toEqual(['step_completed', 'run_completed']);
    expect(d.effects.at(-1)).toEqual({ type: 'run_ended', status: 'completed' });
    expect(d.summary).toBe('step 1 completed, run completed');
  });

  it('a non-zero exit fails the run, naming the step and exit code', () => {
    let state = started(def);
    state = ok(decide(def, state, finished(1))).state;
    const d = ok(decide(def, state, finished(2, { exit_code: 3, outputs: { partial: 'yes' } })));
    expect(d.state.status).toBe('failed');
    expect(d.state.reason).toBe('step 2 (Deploy) failed with exit code 3');
    expect(d.state.finished_at).toBe(at(120));
    expect(d.state.outputs['2']).toEqual({ partial: 'yes' });
    expect(d.state.history.at(-1)).toMatchObject({ step: 2, status: 'failed', exit_code: 3 });
    expect(d.audit.map((a) => a.type)).toEqual(['step_failed', 'run_failed']);
    expect(d.effects).toEqual([
      { type: 'step_finished', step: 2, status: 'failed' },
      { type: 'run_ended', status: 'failed', reason: 'step 2 (Deploy) failed with exit code 3' },
    ]);
  });

  it('a timeout fails the run with the step timeout in SOP notation', () => {
    const d = ok(decide(def, started(def), finished(1, { exit_code: null, timed_out: true, duration_ms: 600_000 })));
    expect(d.state.status).toBe('failed');
    expect(d.state.reason).toBe('step 1 (Build) timed out after 10m');
  });

  it('an executor error fails the run even with exit code 0', () => {
    const d = ok(decide(def, started(def), finished(1, { error: 'SOP_OUTPUT line 2 is not key=value' })));
    expect(d.state.reason).toBe('step 1 (Build) failed: SOP_OUTPUT line 2 is not key=value');
    expect(d.audit[0]?.details).toMatchObject({ error: 'SOP_OUTPUT line 2 is not key=value' });
  });

  it('keeps only the last 64 KiB of output in state', () => {
    const output = 'x'.repeat(70 * 1024) + 'END';
    const d = ok(decide(def, started(def), finished(1, { output })));
    const kept = d.state.history.find((h) => h.status === 'completed')?.output ?? '';
    expect(Buffer.byteLength(kept)).toBe(64 * 1024);
    expect(kept.endsWith('xEND')).toBe(true);
  });

  it('is rejected for a step that is not the running one, or a run not running', () => {
    const state = started(def);
    expect(decide(def, state, finished(2))).toEqual({ ok: false, error: expect.stringContaining('is running step 1') });
    const waiting = started(makeSop());
    expect(decide(makeSop(), waiting, finished(1))).toEqual({ ok: false, error: expect.stringContaining('is pending_approval') });
  });
});
