// Approve, reject and done against a run: the rules of SPEC 5.5 and what each decision changes.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { RunState } from '../../src/engine/state-format.js';
import type { CommandEvent } from '../../src/engine/types.js';
import type { SopDefinition } from '../../src/sop/types.js';
import { at, command, finished, makeSop, ok, RUN_ID, started, type SopOptions } from './fixtures.js';

/** A run of `options` waiting at its current gate (supervised: before step 1). */
function waiting(options: SopOptions = {}): { def: SopDefinition; state: RunState } {
  const def = makeSop(options);
  return { def, state: started(def) };
}

function expectRefused(def: SopDefinition, state: RunState, event: CommandEvent, rule: number | 'state', reason: string): RunState {
  const d = ok(decide(def, state, event));
  expect(d.effects).toEqual([{ type: 'refused', rule, reason: expect.stringContaining(reason) }]);
  expect(d.audit).toEqual([
    {
      ts: event.at,
      type: 'command_refused',
      actor: event.by,
      step: state.current_step,
      details: {
        rule,
        reason: expect.stringContaining(reason),
        command: event.command,
        ref: event.ref,
        issued_at: event.issued_at,
        ...(state.wait ? { wait: state.wait.seq } : {}),
      },
    },
  ]);
  // Nothing but the refusal bookkeeping changes.
  const { refused_refs, refused_in_wait: _r, updated_at, ...rest } = d.state;
  const { refused_refs: before, refused_in_wait: _rb, updated_at: _u, ...restBefore } = state;
  expect(rest).toEqual(restBefore);
  expect(refused_refs).toEqual([...(before ?? []), event.ref]);
  expect(updated_at).toBe(event.at);
  expect(d.summary).toBe(`${event.command} by ${event.by} refused (${rule === 'state' ? 'state' : `rule ${rule}`})`);
  return d.state;
}

describe('approvals', () => {
  it('one approval passes a gate before a command step and claims it', () => {
    const { def, state } = waiting();
    const ev = command('approve', 'bob', { comment: 'lgtm' });
    const d = ok(decide(def, state, ev));
    expect(d.state.status).toBe('running');
    expect(d.state.waiting_for).toBeNull();
    expect(d.state.wait).toBeNull();
    expect(d.state.approvals).toEqual([
      { step: 1, wait: 1, by: 'bob', decision: 'approve', at: ev.at, via: 'issue_comment', ref: ev.ref, comment: 'lgtm' },
    ]);
    expect(d.audit.map((a) => a.type)).toEqual(['approved', 'step_started']);
    expect(d.audit[0]?.details).toMatchObject({ count: 1, needed: 1 });
    expect(d.effects).toEqual([
      { type: 'accepted', decision: 'approve', by: 'bob', step: 1 },
      { type: 'run_step', step: 1 },
    ]);
    expect(d.summary).toBe('step 1 approved by bob (1 of 1), running step 1');
  });

  it('min_approvals 2 of 3 approvers: distinct people, the same person twice is refused', () => {
    const { def, state } = waiting({ approval: { approvers: ['bob', 'carol', 'dave'], min_approvals: 2 } });
    const first = ok(decide(def, state, command('approve', 'bob')));
    expect(first.state.status).toBe('pending_approval');
    expect(first.summary).toBe('step 1 approved by bob (1 of 2)');
    expect(first.effects).toEqual([
      { type: 'accepted', decision: 'approve', by: 'bob', step: 1 },
      { type: 'gate_progress', step: 1, approvals: ['bob'], needed: 2 },
    ]);
    const again = expectRefused(def, first.state, command('approve', 'BOB'), 'state', 'BOB already approved step 1; it needs 2 distinct approvers');
    const second = ok(decide(def, again, command('approve', 'dave')));
    expect(second.state.status).toBe('running');
    expect(second.summary).toBe('step 1 approved by dave (2 of 2), running step 1');
  });

  it('rule 3: only listed logins (any case) or members of listed teams', () => {
    const { def, state } = waiting({ approval: { approvers: ['Bob', '@acme/ops'] } });
    expectRefused(def, state, command('approve', 'eve'), 3, 'eve is not listed in approval.approvers (Bob, @acme/ops)');
    expectRefused(def, state, command('approve', 'eve', { teams: ['@acme/dev'] }), 3, 'approval.approvers');
    expect(ok(decide(def, state, command('approve', 'bob'))).state.status).toBe('running');
    expect(ok(decide(def, state, command('approve', 'eve', { teams: ['@ACME/ops'] }))).state.status).toBe('running');
    // Rule 3 also guards rejections.
    expectRefused(def, state, command('reject', 'eve', { reason: 'no' }), 3, 'ask one of them to reject');
  });

  it('rule 3 with codeowners: only an author the edge resolved through CODEOWNERS passes', () => {
    const def = makeSop({ approval: { approvers: ['codeowners'] } });
    const state = started(def);
    expectRefused(def, state, command('approve', 'eve'), 3, 'approval.approvers');
    expectRefused(def, state, command('approve', 'codeowners'), 3, 'approval.approvers');
    expect(ok(decide(def, state, command('approve', 'eve', { teams: ['codeowners'] }))).state.status).toBe('running');
  });

  it('rule 4: the starter may not approve unless allow_self_approval', () => {
    const strict = waiting();
    expectRefused(
      strict.def,
      strict.state,
      command('approve', 'Alice'),
      4,
      'alice started this run; approval.allow_self_approval is false, so another person must approve',
    );
    const relaxed = waiting({ approval: { allow_self_approval: true } });
    expect(ok(decide(relaxed.def, relaxed.state, command('approve', 'alice'))).state.status).toBe('running');
  });

  it('rule 4 applies to a manual step with a gate, but not to a plain manual step', () => {
    const gated = waiting({ mode: 'auto', steps: ['manual-gate', 'run'] });
    expectRefused(gated.def, gated.state, command('done', 'alice'), 4, 'allow_self_approval is false');
    const d = ok(decide(gated.def, gated.state, command('done', 'bob')));
    expect(d.summary).toBe('step 1 approved by bob (1 of 1), running step 2');
    expect(d.audit.map((a) => a.type)).toEqual(['approved', 'step_completed', 'step_started']);
    expect(d.state.approvals[0]?.decision).toBe('done');
    expect(d.state.status).toBe('running');
    expect(d.state.current_step).toBe(2);

    const manual = waiting({ mode: 'auto', steps: ['manual', 'run'] });
    const confirmed = ok(decide(manual.def, manual.state, command('done', 'alice')));
    expect(confirmed.audit.map((a) => a.type)).toEqual(['confirmed', 'step_completed', 'step_started']);
    expect(confirmed.state.history.at(-2)).toEqual({ step: 1, status: 'completed', output: '', timestamp: at(60), by: ['alice'] });
    expect(confirmed.summary).toBe('step 1 confirmed by alice, running step 2');
  });

  it('/approve never confirms a manual step nobody checked: it is refused, naming /done', () => {
    const { def, state } = waiting({ mode: 'auto', steps: ['manual'] });
    expectRefused(def, state, command('approve', 'bob'), 'state', 'confirm it with /done');
    expectRefused(def, state, command('approve', 'bob', { via: 'cli', ref: 'cli:x2' }), 'state', 'confirm it with sop done');
  });

  it('/done on a gate that is not a manual step is refused, naming the right command', () => {
    const { def, state } = waiting();
    expectRefused(def, state, command('done', 'bob'), 'state', '/done confirms a manual step; step 1 waits for approval: use /approve');
    expectRefused(def, state, command('done', 'bob', { via: 'cli', ref: 'cli:x1' }), 'state', 'use sop approve');
  });
});

describe('rejections', () => {
  it('the starter may reject; the run ends rejected with the reason', () => {
    const { def, state } = waiting();
    const ev = command('reject', 'alice', { reason: 'not today' });
    const d = ok(decide(def, state, ev));
    expect(d.state.status).toBe('rejected');
    expect(d.state.reason).toBe('not today');
    expect(d.state.finished_at).toBe(ev.at);
    expect(d.state.waiting_for).toBeNull();
    expect(d.state.approvals).toEqual([
      { step: 1, wait: 1, by: 'alice', decision: 'reject', at: ev.at, via: 'issue_comment', ref: ev.ref, comment: 'not today' },
    ]);
    expect(d.state.history.at(-1)).toEqual({ step: 1, status: 'rejected', output: '', timestamp: ev.at, by: ['alice'] });
    expect(d.audit.map((a) => a.type)).toEqual(['rejected', 'run_rejected']);
    expect(d.effects).toEqual([
      { type: 'accepted', decision: 'reject', by: 'alice', step: 1 },
      { type: 'run_ended', status: 'rejected', reason: 'not today' },
    ]);
    expect(d.summary).toBe('rejected by alice: not today');
  });

  it('one rejection ends a gate that already has some approvals', () => {
    const { def, state } = waiting({ approval: { min_approvals: 2 } });
    const one = ok(decide(def, state, command('approve', 'bob'))).state;
    expect(ok(decide(def, one, command('reject', 'carol', { reason: 'risky' }))).state.status).toBe('rejected');
  });

  it('a rejection without a reason is refused', () => {
    const { def, state } = waiting();
    expectRefused(def, state, command('reject', 'bob'), 'state', 'a rejection needs a reason');
    expectRefused(def, state, command('reject', 'bob', { reason: '   ' }), 'state', 'a rejection needs a reason');
  });
});

describe('commands that do not fit the run', () => {
  it('a redelivered accepted command changes nothing', () => {
    const { def, state } = waiting({ approval: { min_approvals: 2 } });
    const ev = command('approve', 'bob');
    const once = ok(decide(def, state, ev)).state;
    const again = ok(decide(def, once, { ...ev, at: at(999) }));
    expect(again).toEqual({ ok: true, state: once, audit: [], effects: [], summary: expect.any(String), duplicate: true });
    expect(again.state).toBe(once);
  });

  it('a redelivered refused command is not recorded twice', () => {
    const { def, state } = waiting();
    const ev = command('approve', 'alice');
    const refused = expectRefused(def, state, ev, 4, 'started this run');
    const again = ok(decide(def, refused, ev));
    expect(again.duplicate).toBe(true);
    expect(again.audit).toEqual([]);
    expect(again.state).toBe(refused);
    expect(again.state.refused_refs).toEqual([ev.ref]);
  });

  it('rule 5: a command naming another run is refused', () => {
    const { def, state } = waiting();
    expectRefused(
      def,
      state,
      command('approve', 'bob', { run_id_given: 'run-20260101-zzzzzz' }),
      5,
      `this issue belongs to run ${RUN_ID}; the command names run run-20260101-zzzzzz`,
    );
    expect(ok(decide(def, state, command('approve', 'bob', { run_id_given: RUN_ID }))).state.status).toBe('running');
  });

  it('a precheck failure (rule 2) is refused with the edge reason', () => {
    const { def, state } = waiting();
    expectRefused(
      def,
      state,
      command('approve', 'bob', { precheck: { rule: 2, reason: 'bob has read permission; approving needs write' } }),
      2,
      'bob has read permission; approving needs write',
    );
  });

  it('commands on a running run are refused (state)', () => {
    const def = makeSop({ mode: 'auto' });
    const running = started(def);
    expectRefused(def, running, command('approve', 'bob'), 'state', `${RUN_ID} is running step 1; it is not waiting for a decision`);
    expectRefused(def, running, command('reject', 'bob', { reason: 'x' }), 'state', 'not waiting for a decision');
  });

  it('commands on a finished run are refused (state)', () => {
    const def = makeSop({ mode: 'auto', steps: ['run'] });
    const done = ok(decide(def, started(def), finished(1))).state;
    expect(done.status).toBe('completed');
    expectRefused(def, done, command('approve', 'bob'), 'state', `${RUN_ID} already completed`);
    const failed = ok(decide(def, started(def), finished(1, { exit_code: 1 }))).state;
    expectRefused(def, failed, command('done', 'bob'), 'state', `${RUN_ID} already failed`);
  });

  it('checks rule 5 before rule 4', () => {
    const { def, state } = waiting();
    expectRefused(def, state, command('approve', 'alice', { run_id_given: 'run-20260101-other1' }), 5, 'the command names run');
  });
});
