// Plain run states and writes for store tests.
import type { AuditEntryInput } from '../../src/audit/format.js';
import type { RunState } from '../../src/engine/state-format.js';
import { transact } from '../../src/store/transact.js';
import type { RunSnapshot, RunWrite, StateStore } from '../../src/store/types.js';

export function makeState(runId: string, patch: Partial<RunState> = {}): RunState {
  return {
    run_id: runId,
    sop_name: 'deploy-frontend',
    status: 'pending_approval',
    current_step: 1,
    started_at: '2026-11-26T09:00:00Z',
    updated_at: '2026-11-26T09:00:00Z',
    payload: {},
    mode: 'supervised',
    effective_mode: 'supervised',
    waiting_for: 'approval',
    wait: { seq: 1, step: 2, waiting_for: 'approval', opened_at: '2026-11-26T09:00:00Z' },
    waits: 1,
    sop: { path: 'sops/deploy-frontend.md', sha256: 'a'.repeat(64), commit: null },
    started_by: 'alice',
    trigger: { type: 'manual' },
    outputs: {},
    approvals: [],
    history: [],
    ...patch,
  };
}

export function event(type: string, step: number | null = null, details: Record<string, unknown> = {}): AuditEntryInput {
  return { ts: '2026-11-26T09:00:00Z', type, actor: 'alice', step, details };
}

export function makeWrite(runId: string, message: string, patch: Partial<RunState> = {}, log?: string): RunWrite {
  return {
    state: makeState(runId, patch),
    events: [event(message.replace(/\W+/g, '_'))],
    message,
    ...(log === undefined ? {} : { log }),
  };
}

/** Append one approval of step 1 by `who` to `runId` through transact; returns how many times the decision ran. */
export async function approveThroughTransact(store: StateStore, runId: string, who: string, known?: RunSnapshot | null): Promise<number> {
  let decisions = 0;
  await transact(
    store,
    runId,
    (snap) => {
      decisions++;
      if (snap === null) throw new Error('run missing');
      const approvals = [...snap.state.approvals, { step: 1, wait: 1, by: who, decision: 'approve' as const, at: '2026-11-26T09:00:00Z', via: 'cli' as const, ref: `cli:${who}` }];
      return { write: { state: makeState(runId, { approvals }), events: [{ ...event('approved', 1), actor: who }], message: `approved by ${who}` }, result: null };
    },
    known ? { known } : {},
  );
  return decisions;
}
