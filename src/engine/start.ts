// The `start` event: a new run with a checked payload, pinned to the SOP text it was started from.
import { advance } from './advance.js';
import { effectiveMode } from './gates.js';
import { maskSecretInputs, validatePayload } from './payload.js';
import { isRunId } from './run-id.js';
import { finish, record, type Transition } from './transition.js';
import type { PinnedSop, RunState } from './state-format.js';
import type { Decided, EngineEvent } from './types.js';
import type { SopDefinition } from '../sop/types.js';

export type StartEvent = Extract<EngineEvent, { type: 'start' }>;

export function decideStart(def: SopDefinition, event: StartEvent): Decided {
  if (!isRunId(event.run_id)) {
    return { ok: false, error: `"${event.run_id}" is not a run id; run ids look like run-20261126-k3f9x2 (use makeRunId)` };
  }
  const checked = validatePayload(def, event.payload);
  if (!checked.ok) {
    return { ok: false, error: `cannot start ${def.name}: ${checked.errors.join('; ')}` };
  }
  const sop: PinnedSop = {
    path: def.path,
    sha256: def.sha256,
    commit: event.commit,
    ...(def.version !== undefined ? { version: def.version } : {}),
  };
  const mode = effectiveMode(def);
  // Secret inputs are checked above on their real values, and kept as `***` from here on.
  const payload = maskSecretInputs(def, checked.payload);
  const state: RunState = {
    run_id: event.run_id,
    sop_name: def.name,
    status: 'running',
    current_step: 0,
    started_at: event.at,
    updated_at: event.at,
    payload,
    mode: def.execution_mode,
    effective_mode: mode,
    waiting_for: null,
    wait: null,
    waits: 0,
    sop,
    started_by: event.started_by,
    trigger: event.trigger,
    ...(event.workflow_run_id !== undefined ? { workflow_run_id: event.workflow_run_id } : {}),
    outputs: {},
    approvals: [],
    history: [],
  };
  const tx: Transition = { state, at: event.at, audit: [], effects: [], summary: [`started (${mode})`], ...(event.runner ? { runner: event.runner } : {}) };
  record(tx, 'run_started', event.started_by, null, {
    sop,
    payload,
    trigger: event.trigger,
    ...(event.workflow_run_id !== undefined ? { workflow_run_id: event.workflow_run_id } : {}),
    mode: def.execution_mode,
    effective_mode: mode,
    sop_source: event.sop_source,
  });
  advance(tx, def, 1, event.started_by);
  return finish(tx);
}
