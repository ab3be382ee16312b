// The engine's own types: the events it applies, the effects it asks the driver for, and its decision on each event.
import type { AuditEntryInput } from '../audit/format.js';
import type { SopDefinition } from '../sop/types.js';
import type { Decision, RunnerRef, RunState, RunStatus, RunTrigger, Via, WaitingFor } from './state-format.js';

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
