// The Action's outputs (SPEC 5.1), each checked before it is set: workflows pass them on to scripts. PURE.
import { isRunId } from '../engine/run-id.js';
import { type RunState, TERMINAL_STATUSES } from '../engine/state-format.js';

export interface ActionOutputs {
  'run-id': string;
  status: string;
  'current-step': string;
  'issue-number': string;
  'pull-number': string;
}

const STATUSES: readonly string[] = ['pending_approval', 'running', ...TERMINAL_STATUSES];

/**
 * The outputs for the run a workflow run touched last (all empty when it touched none). A value
 * that is not what its name promises (a run id, a status, a number) is a bug: it throws rather
 * than hand a workflow's `run:` script text it does not expect.
 */
export function actionOutputs(state: RunState | undefined, issueNumber: number | null): ActionOutputs {
  if (state === undefined) return { 'run-id': '', status: '', 'current-step': '', 'issue-number': '', 'pull-number': '' };
  // The open approval PR of the wait the run stands at; none once it was decided and closed.
  const current = state.status === 'pending_approval' ? state.channel?.pulls?.[String(state.current_step)] : undefined;
  const pull = current?.open ? current.number : undefined;
  return {
    'run-id': checked('run-id', state.run_id, isRunId(state.run_id)),
    status: checked('status', state.status, STATUSES.includes(state.status)),
    'current-step': count('current-step', state.current_step, 0),
    'issue-number': issueNumber === null ? '' : count('issue-number', issueNumber, 1),
    'pull-number': pull === undefined ? '' : count('pull-number', pull, 1),
  };
}

function count(name: string, value: number, min: number): string {
  return checked(name, String(value), Number.isSafeInteger(value) && value >= min);
}

function checked(name: string, value: string, ok: boolean): string {
  if (!ok) throw new Error(`refusing to set output ${name} to ${JSON.stringify(value).slice(0, 80)}: not a well-formed ${name}`);
  return value;
}
