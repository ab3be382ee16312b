// The whole run life cycle, table-driven over every execution mode and gate layout, plus start.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { EffectiveMode, ExecutionMode, Priority } from '../../src/sop/types.js';
import { at, command, drive, finished, makeSop, ok, RUN_ID, startEvent, started, type StepKind } from './fixtures.js';

const LAYOUTS: Record<string, StepKind[]> = {
  'no explicit gate': ['run', 'run', 'run'],
  'explicit gate on step 1': ['gate', 'run', 'run'],
  'explicit gate on the middle step': ['run', 'gate', 'run'],
  'explicit gate on the last step': ['run', 'run', 'gate'],
  'manual middle step': ['run', 'manual', 'run'],
  'manual middle step with a gate': ['run', 'manual-gate', 'run'],
};

/** Expected waits (A approval, C confirmation) and claims (R) per effective mode and layout. */
const EXPECTED: Record<EffectiveMode, Record<string, string>> = {
  auto: {
    'no explicit gate': 'R1 R2 R3',
    'explicit gate on step 1': 'A1 R1 R2 R3',
    'explicit gate on the middle step': 'R1 A2 R2 R3',
    'explicit gate on the last step': 'R1 R2 A3 R3',
    'manual middle step': 'R1 C2 R3',
    'manual middle step with a gate': 'R1 A2 R3',
  },
  supervised: {
    'no explicit gate': 'A1 R1 R2 R3',
    'explicit gate on step 1': 'A1 R1 R2 R3',
    'explicit gate on the middle step': 'A1 R1 A2 R2 R3',
    'explicit gate on the last step': 'A1 R1 R2 A3 R3',
    'manual middle step': 'A1 R1 C2 R3',
    'manual middle step with a gate': 'A1 R1 A2 R3',
  },
  step_by_step: {
    'no explicit gate': 'A1 R1 A2 R2 A3 R3',
    'explicit gate on step 1': 'A1 R1 A2 R2 A3 R3',
    'explicit gate on the middle step': 'A1 R1 A2 R2 A3 R3',
    'explicit gate on the last step': 'A1 R1 A2 R2 A3 R3',
    'manual middle step': 'A1 R1 A2 A3 R3',
    'manual middle step with a gate': 'A1 R1 A2 A3 R3',
  },
};

const MODES: Array<{ mode: ExecutionMode; priority: Priority; effective: EffectiveMode }> = [
  { mode: 'auto', priority: 'normal', effective: 'auto' },
  { mode: 'supervised', priority: 'normal', effective: 'supervised' },
  { mode: 'step_by_step', priority: 'normal', effective: 'step_by_step' },
  { mode: 'priority_based', priority: 'low', effective: 'supervised' },
  { mode: 'priority_based', priority: 'normal', effective: 'supervised' },
  { mode: 'priority_based', priority: 'high', effective: 'auto' },
  { mode: 'priority_based', priority: 'critical', effective: 'auto' },
];

const CASES = MODES.flatMap((m) =>
  Object.entries(LAYOUTS).map(([layout, steps]) => ({ ...m, layout, steps, expected: EXPECTED[m.effective][layout] ?? '' })),
);

describe('a 3-step run driven to completion', () => {
  it.each(CASES)('$mode/$priority, $layout: $expected', ({ mode, priority, steps, expected, effective }) => {
    const def = makeSop({ mode, priority, steps });
    const { trace, state } = drive(def);
    expect(trace.join(' ')).toBe(`${expected} end:completed`);
    expect(state.status).toBe('completed');
    expect(state.mode).toBe(mode);
    expect(state.effective_mode).toBe(effective);
    expect(state.current_step).toBe(3);
    expect(state.waiting_for).toBeNull();
    expect(state.finished_at).toBeDefined();
    // Every step ends with exactly one completed history entry.
    expect(state.history.filter((h) => h.status === 'completed').map((h) => h.step)).toEqual([1, 2, 3]);
  });

  it('manual step 1 under supervision waits once, as a gate, and is never run', () => {
    const { trace } = drive(makeSop({ mode: 'supervised', steps: ['manual', 'run'] }));
    expect(trace.join(' ')).toBe('A1 R2 end:completed');
  });

  it('a gate needing 2 approvals passes only after 2 distinct approvers', () => {
    const def = makeSop({ mode: 'auto', steps: ['run', 'gate', 'run'], approval: { min_approvals: 2 } });
    const { trace, state } = drive(def, ['bob', 'carol']);
    expect(trace.join(' ')).toBe('R1 A2 R2 R3 end:completed');
    expect(state.approvals.map((a) => [a.step, a.by])).toEqual([
      [2, 'bob'],
      [2, 'carol'],
    ]);
  });
});

describe('start', () => {
  it('builds the run state of SPEC 4 and opens the first gate', () => {
    const def = makeSop({ version: '1.0.0', inputs: { env: { required: false, default: 'staging' } } });
    const d = ok(decide(def, null, startEvent(def, { payload: {} })));
    expect(d.state).toEqual({
      run_id: RUN_ID,
      sop_name: 'deploy-frontend',
      status: 'pending_approval',
      current_step: 1,
      started_at: at(0),
      updated_at: at(0),
      payload: { env: 'staging' },
      mode: 'supervised',
      effective_mode: 'supervised',
      waiting_for: 'approval',
      wait: { seq: 1, step: 1, waiting_for: 'approval', opened_at: at(0) },
      waits: 1,
      sop: { path: 'sops/deploy-frontend.md', sha256: 'a'.repeat(64), commit: 'c'.repeat(40), version: '1.0.0' },
      started_by: 'alice',
      trigger: { type: 'manual' },
      outputs: {},
      approvals: [],
      history: [{ step: 1, status: 'pending_approval', output: '', timestamp: at(0), waiting_for: 'approval' }],
    });
    expect(d.summary).toBe('started (supervised), waiting for approval of step 1');
    expect(d.audit.map((a) => a.type)).toEqual(['run_started', 'gate_opened']);
    expect(d.audit[0]).toMatchObject({
      actor: 'alice',
      step: null,
      ts: at(0),
      details: {
        sop: { path: 'sops/deploy-frontend.md', sha256: 'a'.repeat(64), commit: 'c'.repeat(40), version: '1.0.0' },
        payload: { env: 'staging' },
        trigger: { type: 'manual' },
        mode: 'supervised',
        effective_mode: 'supervised',
        sop_source: '---\nname: deploy-frontend\n---\n',
      },
    });
    expect(d.audit[1]?.details).toMatchObject({ waiting_for: 'approval', min_approvals: 1, approvers: [], title: 'Build' });
    expect(d.effects).toEqual([{ type: 'gate_opened', step: 1, waiting_for: 'approval' }]);
  });

  it('in auto mode claims step 1 at once', () => {
    const def = makeSop({ mode: 'auto' });
    const d = ok(decide(def, null, startEvent(def, { trigger: { type: 'cron', expression: '0 9 * * *' }, started_by: 'schedule' })));
    expect(d.state.status).toBe('running');
    expect(d.state.current_step).toBe(1);
    expect(d.state.trigger).toEqual({ type: 'cron', expression: '0 9 * * *' });
    expect(d.state.history).toEqual([{ step: 1, status: 'running', output: '', timestamp: at(0) }]);
    expect(d.effects).toEqual([{ type: 'run_step', step: 1 }]);
    expect(d.audit.map((a) => a.type)).toEqual(['run_started', 'step_started']);
    expect(d.summary).toBe('started (auto), running step 1');
  });

  it('a manual first step in auto mode waits for confirmation', () => {
    const def = makeSop({ mode: 'auto', steps: ['manual', 'run'] });
    const d = ok(decide(def, null, startEvent(def)));
    expect(d.state.waiting_for).toBe('confirmation');
    expect(d.effects).toEqual([{ type: 'gate_opened', step: 1, waiting_for: 'confirmation' }]);
  });

  it('an invalid payload creates nothing and says what is wrong', () => {
    const def = makeSop({ inputs: { version: { description: 'Tag to deploy', required: true } } });
    const d = decide(def, null, startEvent(def, { payload: {} }));
    expect(d).toEqual({ ok: false, error: expect.stringContaining('payload: "version" is required (Tag to deploy)') });
  });

  it('refuses to start over an existing run or with a malformed run id', () => {
    const def = makeSop();
    const state = started(def);
    expect(decide(def, state, startEvent(def)).ok).toBe(false);
    const bad = decide(def, null, startEvent(def, { run_id: '../etc/passwd' }));
    expect(bad).toEqual({ ok: false, error: expect.stringContaining('is not a run id') });
  });

  it('events other than start need a run, of the same SOP', () => {
    const def = makeSop();
    expect(decide(def, null, { type: 'sweep', at: at(1) }).ok).toBe(false);
    const other = { ...makeSop(), name: 'other-sop' };
    const d = decide(other, started(def), command('approve', 'bob'));
    expect(d).toEqual({ ok: false, error: expect.stringContaining('runs SOP "deploy-frontend", not "other-sop"') });
  });

  it('an SOP with no steps completes at once', () => {
    const def = makeSop({ mode: 'auto', steps: [] });
    const d = ok(decide(def, null, startEvent(def)));
    expect(d.state.status).toBe('completed');
    expect(d.effects).toEqual([{ type: 'run_ended', status: 'completed' }]);
  });

  it('never modifies the state it was given', () => {
    const def = makeSop({ mode: 'auto' });
    const state = started(def);
    const frozen = structuredClone(state);
    ok(decide(def, state, finished(1)));
    expect(state).toEqual(frozen);
  });
});
