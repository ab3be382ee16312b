// Store workloads shared by the in-process and the child-process concurrency tests.
import type { RunState } from '../../src/engine/state-format.js';
import { transact } from '../../src/store/transact.js';
import type { StateStore } from '../../src/store/types.js';

function state(runId: string, patch: Partial<RunState>): RunState {
  return {
    run_id: runId,
    sop_name: 'concurrency',
    status: 'running',
    current_step: 1,
    started_at: '2026-11-26T09:00:00Z',
    updated_at: '2026-11-26T09:00:00Z',
    payload: {},
    mode: 'auto',
    effective_mode: 'auto',
    waiting_for: null,
    wait: null,
    waits: 0,
    sop: { path: 'sops/concurrency.md', sha256: '0'.repeat(64), commit: null },
    started_by: 'tester',
    trigger: { type: 'manual' },
    outputs: {},
    approvals: [],
    history: [],
    ...patch,
  };
}

/** `steps` transitions on one run, each recording its number; returns how many landed. */
export async function writeSteps(store: StateStore, runId: string, steps: number): Promise<number> {
  let written = 0;
  for (let i = 1; i <= steps; i++) {
    await transact(store, runId, (snap) => ({
      write: {
        state: state(runId, { current_step: i, outputs: { ...(snap?.state.outputs ?? {}), [String(i)]: { done: 'yes' } } }),
        events: [{ ts: '2026-11-26T09:00:00Z', type: 'step_completed', actor: 'system', step: i, details: {} }],
        log: `step ${i}\n`,
        message: `step ${i} completed`,
      },
      result: null,
    }));
    written++;
  }
  return written;
}

/** Create the run waiting before step 1 (the race starts from here). */
export async function createWaitingRun(store: StateStore, runId: string): Promise<void> {
  const put = await store.put(runId, null, {
    state: state(runId, { status: 'pending_approval', waiting_for: 'approval' }),
    events: [{ ts: '2026-11-26T09:00:00Z', type: 'run_started', actor: 'tester', step: null, details: {} }],
    message: 'run started',
  });
  if (!put.ok) throw new Error(`could not create ${runId}`);
}

/** "Claim step 1 unless someone has": the decision two runners must never both make. */
export async function claimStep1(store: StateStore, runId: string, worker: string): Promise<'claimed' | 'already'> {
  const { result } = await transact(store, runId, (snap) => {
    if (snap === null) throw new Error(`run ${runId} does not exist`);
    if (snap.state.status === 'running') return { write: null, result: 'already' as const };
    return {
      write: {
        state: state(runId, { status: 'running' }),
        events: [{ ts: '2026-11-26T09:00:00Z', type: 'step_started', actor: worker, step: 1, details: { worker } }],
        message: `step 1 claimed by ${worker}`,
      },
      result: 'claimed' as const,
    };
  });
  return result;
}
