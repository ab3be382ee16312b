// The `sweep` and `cancel` events: ending a run from outside its steps.
import { formatDuration } from '../sop/duration.js';
import { beginTransition, endRun, finish, isTerminal, unchanged } from './transition.js';
import type { Decided, EngineEvent, RunState } from './types.js';
import type { SopDefinition } from '../sop/types.js';

export type SweepEvent = Extract<EngineEvent, { type: 'sweep' }>;
export type CancelEvent = Extract<EngineEvent, { type: 'cancel' }>;

/** Ends a wait that has lasted longer than approval.timeout; anything else is left alone. */
export function decideSweep(def: SopDefinition, state: RunState, event: SweepEvent): Decided {
  if (state.status !== 'pending_approval' || state.waiting_since === null) return unchanged(state, 'nothing to sweep');
  const waited = Date.parse(event.at) - Date.parse(state.waiting_since);
  if (!(waited > def.approval.timeout_ms)) return unchanged(state, 'nothing to sweep');
  const step = state.current_step;
  const limit = def.approval.timeout || formatDuration(def.approval.timeout_ms);
  const reason = `step ${step} waited for ${state.waiting_for ?? 'approval'} longer than ${limit} (approval.timeout)`;
  const tx = beginTransition(state, event.at);
  tx.state.history.push({ step, status: 'timed_out', output: '', timestamp: event.at });
  endRun(tx, { status: 'timed_out', reason, auditType: 'run_timed_out', actor: 'system', details: { waited_ms: waited } });
  tx.summary.push(`timed out: ${reason}`);
  return finish(tx);
}

export function decideCancel(state: RunState, event: CancelEvent): Decided {
  if (isTerminal(state.status)) {
    return { ok: false, error: `${state.run_id} already ${state.status.replace('_', ' ')}; there is nothing to cancel` };
  }
  const tx = beginTransition(state, event.at);
  tx.state.history.push({ step: state.current_step, status: 'cancelled', output: '', timestamp: event.at, by: [event.by] });
  endRun(tx, { status: 'cancelled', reason: event.reason, auditType: 'run_cancelled', actor: event.by });
  tx.summary.push(`cancelled by ${event.by}: ${event.reason}`);
  return finish(tx);
}
