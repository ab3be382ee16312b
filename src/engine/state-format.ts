// The state file format: runs/<YYYY>/<MM>/<DD>/<run-id>/state.json (RunState and what it is made of, channel bookkeeping included).
import type { EffectiveMode, ExecutionMode } from '../sop/types.js';

export type RunStatus =
  | 'pending_approval'
  | 'running'
  | 'completed'
  | 'failed'
  | 'rejected'
  | 'timed_out'
  | 'cancelled';
export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'rejected', 'timed_out', 'cancelled'];

export type WaitingFor = 'approval' | 'confirmation';
export type Decision = 'approve' | 'reject' | 'done';

/** Where a decision came from (SPEC 4 `approvals[].via`). */
export type Via =
  | 'cli'
  | 'issue_comment'
  | 'issues'
  | 'pull_request_review'
  | 'pull_request'
  | 'workflow_dispatch';

export interface Approval {
  step: number;
  /** The wait (`wait.seq`) this decision was given for: it counts for that wait only (SPEC 3.1). */
  wait: number;
  by: string;
  decision: Decision;
  /** When the decision was issued (comment created_at, review submitted_at, dispatch run created_at, CLI start). */
  at: string;
  via: Via;
  /** `comment:<id>`, `review:<id>`, `dispatch:<run id>`, `cli:<random>`: identifies a redelivered event. */
  ref: string;
  comment?: string;
}

export type HistoryStatus = 'pending_approval' | 'running' | 'completed' | 'failed' | 'rejected' | 'timed_out' | 'cancelled';

export interface HistoryEntry {
  step: number;
  status: HistoryStatus;
  /** For finished steps: the last 64 KiB of the step's interleaved output. */
  output: string;
  timestamp: string;
  waiting_for?: WaitingFor;
  exit_code?: number | null;
  timed_out?: boolean;
  duration_ms?: number;
  /** Who passed/confirmed/rejected, for gate and manual entries. */
  by?: string[];
  /** For `running` entries: who claimed the step (SPEC 3.6), so a lost runner can be told apart from a slow one. */
  runner?: RunnerRef;
}

/** Who runs a claimed step: a CLI process on a host, or a workflow run in Actions. */
export type RunnerRef = { kind: 'cli'; host: string; pid: number } | { kind: 'actions'; workflow_run_id: number };

export type RunTrigger =
  | { type: 'manual' }
  | { type: 'cron'; expression: string }
  | { type: 'webhook'; event_type: string };

export interface PinnedSop {
  path: string;
  sha256: string;
  /** Commit the run started from, or null outside a git repository. */
  commit: string | null;
  version?: string;
}

/** One wait of a run: a gate or a manual step's confirmation, numbered over the run (SPEC 3.1). */
export interface Wait {
  seq: number;
  step: number;
  waiting_for: WaitingFor;
  opened_at: string;
}

/** Approval-channel bookkeeping, recorded through the `channel_opened` engine event. */
export interface ChannelState {
  type: 'issue' | 'pull-request';
  issue_number?: number;
  /** Pull-request channel: the approval PR of each step's latest wait. */
  pulls?: Record<string, ApprovalPull>;
}

/** An approval PR as the engine created it: anything else on GitHub is not this run's channel. */
export interface ApprovalPull {
  number: number;
  branch: string;
  /** The commit that added the approval file: the only commit the PR may have. */
  head_sha: string;
  /** The default branch the PR targets. */
  base: string;
  /** False once the gate was decided and the PR closed. */
  open: boolean;
}

export interface RunState {
  run_id: string;
  sop_name: string;
  status: RunStatus;
  current_step: number;
  started_at: string;
  updated_at: string;
  payload: Record<string, unknown>;
  mode: ExecutionMode;
  effective_mode: EffectiveMode;
  /** Set while pending_approval, null otherwise. */
  waiting_for: WaitingFor | null;
  /** The open wait, null when not waiting. Decisions bind to it (SPEC 3.1). */
  wait: Wait | null;
  /** How many waits this run has opened so far (the last `wait.seq`). */
  waits: number;
  sop: PinnedSop;
  started_by: string;
  trigger: RunTrigger;
  /** Actions only: the workflow run that started the run, so its starter can be re-read from GitHub (SPEC 4). */
  workflow_run_id?: number;
  outputs: Record<string, Record<string, string>>;
  approvals: Approval[];
  history: HistoryEntry[];
  /** Why the run ended when it did not complete (failure, rejection reason, timeout). */
  reason?: string;
  finished_at?: string;
  channel?: ChannelState;
  /** Refs of refused commands, so a redelivered refused command is not recorded twice. */
  refused_refs?: string[];
  /** `<wait seq>:<login, lower case>` of people refused during a wait: each is answered and audited once per wait. */
  refused_in_wait?: string[];
}
