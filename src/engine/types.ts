// Run state (the JSON kept at runs/<YYYY>/<MM>/<DD>/<run-id>/state.json), engine events, effects and audit entries.
import type { EffectiveMode, ExecutionMode, SopDefinition } from '../sop/types.js';

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

/** An audit event before the store chains it (adds seq, prev, hash). */
export interface AuditEntryInput {
  ts: string;
  /** e.g. run_started, gate_opened, approved, confirmed, rejected, step_started, step_completed,
   *  step_failed, run_completed, run_failed, run_rejected, run_timed_out, command_refused, channel. */
  type: string;
  /** A login, `schedule` or `system`. */
  actor: string;
  step: number | null;
  details: Record<string, unknown>;
}

export interface AuditEvent extends AuditEntryInput {
  seq: number;
  prev: string;
  hash: string;
  /** On the last event of each commit: sha256 of the canonical JSON of the state.json that commit wrote (SPEC 4). */
  state_sha256?: string;
}

export interface AuditFile {
  run_id: string;
  events: AuditEvent[];
}

export type RefusalRule = 1 | 2 | 3 | 4 | 5 | 'state';

/** A person's command against a run (CLI, comment, review, dispatch). */
export interface CommandEvent {
  type: 'command';
  /**
   * `status` only asks; it is recorded only when refused (once per person and wait). `cancel` ends a
   * waiting or running run (SPEC 3.6).
   */
  command: Decision | 'status' | 'cancel';
  by: string;
  /** When the event is processed. */
  at: string;
  /**
   * When the decision was issued (SPEC 3.1): a comment's created_at, a review's submitted_at, a dispatch
   * workflow run's created_at (attempt 1). A decision issued before the open wait opened is stale.
   */
  issued_at: string;
  /** The step the decision names (`/approve step 2`, `--step 2`, the dispatch `step` input). */
  step?: number;
  /** The wait the issuer saw (the CLI reads it when it starts): it must still be the open one. */
  wait_seq?: number;
  via: Via;
  ref: string;
  comment?: string;
  /** Required for reject. */
  reason?: string;
  /** The run id named in the command, if any (rule 5: must be this run's). */
  run_id_given?: string;
  /** Entries of approval.approvers the edge resolved the author into: teams (`@org/slug`) they are
   *  an active member of, and `codeowners` when CODEOWNERS gives them (or their team) the SOP file.
   *  The CLI passes none. */
  teams?: string[];
  /** The runner applying the event: recorded if the event leads to a claimed step. */
  runner?: RunnerRef;
  /** Rules the edge already checked and found broken (2 permission, 3 team lookup, 5 wrong issue). */
  precheck?: { rule: 1 | 2 | 3 | 5; reason: string };
}

export type EngineEvent =
  | {
      type: 'start';
      run_id: string;
      sop: SopDefinition;
      /** The SOP file's text, pinned in the run_started audit event so resumed steps run it. */
      sop_source: string;
      payload: Record<string, unknown>;
      started_by: string;
      trigger: RunTrigger;
      /** Actions only: the workflow run that starts the run (GITHUB_RUN_ID). */
      workflow_run_id?: number;
      runner?: RunnerRef;
      at: string;
      commit: string | null;
    }
  | CommandEvent
  | {
      type: 'step_finished';
      step: number;
      at: string;
      exit_code: number | null;
      timed_out: boolean;
      /** Full interleaved output; the engine keeps the last 64 KiB in state. */
      output: string;
      outputs: Record<string, string>;
      duration_ms: number;
      /** Set when the step could not run at all or its outputs were unreadable. */
      error?: string;
      runner?: RunnerRef;
    }
  /** The runner that claimed `step` is gone (dead pid, completed workflow run): the step fails at once. */
  | { type: 'runner_lost'; at: string; step: number; reason: string }
  | { type: 'sweep'; at: string }
  | ChannelEvent
  | ChannelClosedEvent
  | { type: 'cancel'; by: string; at: string; reason: string };

/** The GitHub edge opened an approval channel for the run's current wait; the runner records it (one writer). */
export interface ChannelEvent {
  type: 'channel_opened';
  at: string;
  channel: 'issue' | 'pull-request';
  /** Issue or pull-request number. */
  number: number;
  /** Pull-request channel: the step the PR asks about and its branch. */
  step?: number;
  branch?: string;
  /** Pull-request channel: the commit that added the approval file, and the base the PR targets. */
  head_sha?: string;
  base?: string;
}

/** The GitHub edge closed a decided wait's approval PR; the runner records it (one writer). */
export interface ChannelClosedEvent {
  type: 'channel_closed';
  at: string;
  /** The PR number and the step it asked about. */
  number: number;
  step: number;
}

export type Effect =
  /** The step is claimed (state says running); the driver must execute it and report step_finished. */
  | { type: 'run_step'; step: number }
  /** A gate or manual-step wait has opened. */
  | { type: 'gate_opened'; step: number; waiting_for: WaitingFor }
  /** An approval was counted but more are needed. */
  | { type: 'gate_progress'; step: number; approvals: string[]; needed: number }
  | { type: 'step_finished'; step: number; status: 'completed' | 'failed' }
  | { type: 'run_ended'; status: RunStatus; reason?: string }
  /** `repeat`: this person was already refused during this wait; nothing is recorded and nobody is answered again. */
  | { type: 'refused'; rule: RefusalRule; reason: string; repeat?: boolean }
  | { type: 'accepted'; decision: Decision; by: string; step: number };

export type Decided =
  | {
      ok: true;
      /** The next state (the same object when nothing changed). */
      state: RunState;
      /** Audit events to commit with the state; empty means nothing to write. */
      audit: AuditEntryInput[];
      effects: Effect[];
      /** One-line summary for the commit message, e.g. "step 2 approved by bob". */
      summary: string;
      /** True when the event was a redelivery (same ref) and changed nothing. */
      duplicate?: boolean;
    }
  | { ok: false; error: string };
