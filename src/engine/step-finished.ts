// The `step_finished` event: record a claimed step's result, then fail the run or move on.
import { advance } from './advance.js';
import { formatDuration } from '../sop/duration.js';
import { tailOutput } from './output-tail.js';
import { beginTransition, endRun, finish, isTerminal, record } from './transition.js';
import type { RunState } from './state-format.js';
import type { Decided, EngineEvent } from './types.js';
import type { SopDefinition } from '../sop/types.js';

export type StepFinishedEvent = Extract<EngineEvent, { type: 'step_finished' }>;

function failureReason(def: SopDefinition, event: StepFinishedEvent): string {
  const spec = def.steps[event.step - 1];
  const name = `step ${event.step}${spec ? ` (${spec.title})` : ''}`;
  if (event.error !== undefined) return `${name} failed: ${event.error}`;
  if (event.timed_out) return `${name} timed out after ${formatDuration(spec?.timeout_ms ?? event.duration_ms)}`;
  if (event.exit_code === null) return `${name} failed: it was killed before it exited`;
  return `${name} failed with exit code ${event.exit_code}`;
}

export function decideStepFinished(def: SopDefinition, state: RunState, event: StepFinishedEvent): Decided {
  // The run was cancelled (or ended otherwise) while this step ran: keep its result on record, change nothing else.
  const claimed = state.history.filter((h) => h.status === 'running').at(-1);
  if (isTerminal(state.status) && state.current_step === event.step && claimed?.step === event.step) {
    const tx = beginTransition(state, event.at);
    record(tx, 'step_result_after_end', 'system', event.step, {
      exit_code: event.exit_code,
      timed_out: event.timed_out,
      duration_ms: event.duration_ms,
      run_status: state.status,
    });
    tx.summary.push(`step ${event.step} ended after the run was ${state.status.replace('_', ' ')}`);
    return finish(tx);
  }
  if (state.status !== 'running' || state.current_step !== event.step) {
    const now = state.status === 'running' ? `running step ${state.current_step}` : state.status;
    return {
      ok: false,
      error: `${state.run_id} is ${now}; a result for step ${event.step} does not belong to it (was the step already recorded?)`,
    };
  }
  const success = event.exit_code === 0 && !event.timed_out && event.error === undefined;
  const tx = beginTransition(state, event.at, event.runner);
  const s = tx.state;
  s.history.push({
    step: event.step,
    status: success ? 'completed' : 'failed',
    output: tailOutput(event.output),
    timestamp: event.at,
    exit_code: event.exit_code,
    timed_out: event.timed_out,
    duration_ms: event.duration_ms,
  });
  const outputKeys = Object.keys(event.outputs);
  if (outputKeys.length > 0) s.outputs[String(event.step)] = { ...event.outputs };
  record(tx, success ? 'step_completed' : 'step_failed', 'system', event.step, {
    exit_code: event.exit_code,
    timed_out: event.timed_out,
    duration_ms: event.duration_ms,
    outputs: outputKeys,
    ...(event.error !== undefined ? { error: event.error } : {}),
  });
  tx.effects.push({ type: 'step_finished', step: event.step, status: success ? 'completed' : 'failed' });

  if (!success) {
    const reason = failureReason(def, event);
    endRun(tx, { status: 'failed', reason, auditType: 'run_failed', actor: 'system' });
    tx.summary.push(reason);
    return finish(tx);
  }
  tx.summary.push(`step ${event.step} completed`);
  advance(tx, def, event.step + 1, 'system');
  return finish(tx);
}
