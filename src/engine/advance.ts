// Moving a run forward to a step: complete the run, open a wait, or claim the step to run it.
import { gateBefore } from './gates.js';
import { endRun, record, type Transition } from './transition.js';
import type { WaitingFor } from './state-format.js';
import type { SopDefinition } from '../sop/types.js';

/** How many distinct people must pass the wait before `step`: a gate needs min_approvals, a manual step one. */
export function neededFor(def: SopDefinition, waitingFor: WaitingFor): number {
  return waitingFor === 'approval' ? def.approval.min_approvals : 1;
}

/** Marks the step as running before it executes, so two runners can never both start it. */
export function claim(tx: Transition, def: SopDefinition, step: number, actor: string): void {
  const s = tx.state;
  s.status = 'running';
  s.current_step = step;
  s.waiting_for = null;
  s.wait = null;
  s.history.push({ step, status: 'running', output: '', timestamp: tx.at, ...(tx.runner ? { runner: tx.runner } : {}) });
  record(tx, 'step_started', actor, step, { title: def.steps[step - 1]?.title ?? '', ...(tx.runner ? { runner: tx.runner } : {}) });
  tx.effects.push({ type: 'run_step', step });
  tx.summary.push(`running step ${step}`);
}

function openWait(tx: Transition, def: SopDefinition, step: number, waitingFor: WaitingFor, actor: string): void {
  const s = tx.state;
  s.status = 'pending_approval';
  s.current_step = step;
  s.waiting_for = waitingFor;
  s.waits += 1;
  s.wait = { seq: s.waits, step, waiting_for: waitingFor, opened_at: tx.at };
  s.history.push({ step, status: 'pending_approval', output: '', timestamp: tx.at, waiting_for: waitingFor });
  const spec = def.steps[step - 1];
  record(tx, 'gate_opened', actor, step, {
    wait: s.waits,
    waiting_for: waitingFor,
    min_approvals: neededFor(def, waitingFor),
    approvers: def.approval.approvers,
    title: spec?.title ?? '',
    manual: spec?.command === null,
  });
  tx.effects.push({ type: 'gate_opened', step, waiting_for: waitingFor });
  tx.summary.push(`waiting for ${waitingFor} of step ${step}`);
}

/** Reaches step `step` (1-based); past the last step the run completes. */
export function advance(tx: Transition, def: SopDefinition, step: number, actor: string): void {
  if (step > def.steps.length) {
    tx.state.current_step = def.steps.length;
    endRun(tx, { status: 'completed', auditType: 'run_completed', actor });
    tx.summary.push('run completed');
    return;
  }
  if (gateBefore(def, step)) return openWait(tx, def, step, 'approval', actor);
  if (def.steps[step - 1]?.command === null) return openWait(tx, def, step, 'confirmation', actor);
  claim(tx, def, step, actor);
}
