// The `sweep` and `cancel` events: ending a run from outside its steps.
import { formatDuration } from '../sop/duration.js';
import { beginTransition, endRun, finish, isTerminal, unchanged, type Transition } from './transition.js';
import type { RunState } from './state-format.js';
import type { Decided, EngineEvent } from './types.js';
import type { SopDefinition } from '../sop/types.js';

export type SweepEvent = Extract<EngineEvent, { type: 'sweep' }>;
export type CancelEvent = Extract<EngineEvent, { type: 'cancel' }>;

/** A claimed step whose runner has not reported this long after its own timeout is taken as lost. */
export const LOST_STEP_GRACE_MS = 10 * 60_000;

/** How long the current wait has lasted past approval.timeout at `at`, or null if it has not expired. */
export function waitExpiredBy(def: SopDefinition, state: RunState, at: string): number | null {
  if (state.status !== 'pending_approval' || state.wait === null) return null;
  const waited = Date.parse(at) - Date.parse(state.wait.opened_at);
  return waited > def.approval.timeout_ms ? waited : null;
}

/** Ends the run as timed_out because its wait outlived approval.timeout. */
export function timeOutWait(tx: Transition, def: SopDefinition, waited: number): string {
  const step = tx.state.current_step;
  const limit = def.approval.timeout || formatDuration(def.approval.timeout_ms);
  const reason = `step ${step} waited for ${tx.state.waiting_for ?? 'approval'} longer than ${limit} (approval.timeout)`;
  tx.state.history.push({ step, status: 'timed_out', output: '', timestamp: tx.at });
  endRun(tx, { status: 'timed_out', reason, auditType: 'run_timed_out', actor: 'system', details: { waited_ms: waited } });
  tx.summary.push(`timed out: ${reason}`);
  return reason;
}

/**
 * Ends a wait that has lasted longer than approval.timeout, and a claimed step whose runner
 * vanished (crashed or was cancelled) well past the step's own timeout; anything else is left alone.
 */
export function decideSweep(def: SopDefinition, state: RunState, event: SweepEvent): Decided {
  const waited = waitExpiredBy(def, state, event.at);
  if (waited !== null) {
    const tx = beginTransition(state, event.at);
    timeOutWait(tx, def, waited);
    return finish(tx);
  }
  if (state.status === 'running') {
    const step = state.current_step;
    const claimed = state.history.filter((h) => h.step === step && h.status === 'running').at(-1);
    const limit = (def.steps[step - 1]?.timeout_ms ?? 0) + LOST_STEP_GRACE_MS;
    if (claimed && Date.parse(event.at) - Date.parse(claimed.timestamp) > limit) {
      const reason = `step ${step} was claimed at ${claimed.timestamp} but its runner never reported back (it stopped or crashed); ended by sweep`;
      const tx = beginTransition(state, event.at);
      tx.state.history.push({ step, status: 'failed', output: '', timestamp: event.at, exit_code: null });
      endRun(tx, { status: 'failed', reason, auditType: 'run_failed', actor: 'system', details: { lost_step: step } });
      tx.summary.push(`failed: ${reason}`);
      return finish(tx);
    }
  }
  return unchanged(state, 'nothing to sweep');
}

export type RunnerLostEvent = Extract<EngineEvent, { type: 'runner_lost' }>;

/** The runner holding the claim of the running step is gone: the step fails at once with that reason. */
export function decideRunnerLost(state: RunState, event: RunnerLostEvent): Decided {
  if (state.status !== 'running' || state.current_step !== event.step) return unchanged(state, 'the claim moved on; nothing was lost');
  const tx = beginTransition(state, event.at);
  const reason = `step ${event.step} failed: runner lost (${event.reason})`;
  tx.state.history.push({ step: event.step, status: 'failed', output: '', timestamp: event.at, exit_code: null });
  endRun(tx, { status: 'failed', reason, auditType: 'run_failed', actor: 'system', details: { lost_step: event.step, runner_lost: event.reason } });
  tx.summary.push(`failed: ${reason}`);
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
