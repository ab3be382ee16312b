// The working copy of one decision: next state, audit entries, effects and summary, built up in order.
import type { AuditEntryInput } from '../audit/format.js';
import type { RunState, RunStatus, RunnerRef } from './state-format.js';
import type { Decided, Effect } from './types.js';

export interface Transition {
  /** A copy of the previous state; the caller's object is never modified. */
  state: RunState;
  at: string;
  audit: AuditEntryInput[];
  effects: Effect[];
  summary: string[];
  /** Who applies the event; a step claimed in this transition records it. */
  runner?: RunnerRef;
}

export function beginTransition(previous: RunState, at: string, runner?: RunnerRef): Transition {
  const state: RunState = {
    ...previous,
    updated_at: at,
    outputs: { ...previous.outputs },
    approvals: [...previous.approvals],
    history: [...previous.history],
  };
  if (previous.refused_refs !== undefined) state.refused_refs = [...previous.refused_refs];
  if (previous.refused_in_wait !== undefined) state.refused_in_wait = [...previous.refused_in_wait];
  return { state, at, audit: [], effects: [], summary: [], ...(runner ? { runner } : {}) };
}

export function record(
  tx: Transition,
  type: string,
  actor: string,
  step: number | null,
  details: Record<string, unknown>,
): void {
  tx.audit.push({ ts: tx.at, type, actor, step, details });
}

export function finish(tx: Transition): Decided {
  return { ok: true, state: tx.state, audit: tx.audit, effects: tx.effects, summary: tx.summary.join(', ') };
}

/** A decision that changes nothing and writes nothing (e.g. a sweep with nothing due). */
export function unchanged(state: RunState, summary: string, duplicate?: boolean): Decided {
  return { ok: true, state, audit: [], effects: [], summary, ...(duplicate ? { duplicate } : {}) };
}

export function isTerminal(status: RunStatus): boolean {
  return status !== 'pending_approval' && status !== 'running';
}

/** Ends the run: one place so every ending clears the wait and stamps finished_at the same way. */
export function endRun(
  tx: Transition,
  end: { status: RunStatus; reason?: string; auditType: string; actor: string; details?: Record<string, unknown> },
): void {
  const s = tx.state;
  s.status = end.status;
  s.waiting_for = null;
  s.wait = null;
  s.finished_at = tx.at;
  if (end.reason !== undefined) s.reason = end.reason;
  record(tx, end.auditType, end.actor, s.current_step, {
    ...(end.reason !== undefined ? { reason: end.reason } : {}),
    ...end.details,
  });
  tx.effects.push({ type: 'run_ended', status: end.status, ...(end.reason !== undefined ? { reason: end.reason } : {}) });
}
