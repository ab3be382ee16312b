// What the Action was asked to do: a GitHub event (or the workflow's inputs) turned into one typed request.
import type { RunTrigger, Via } from '../engine/types.js';

export interface Actor {
  login: string;
  /** 'User' | 'Bot' | 'Organization' … from the event's sender or comment.user. */
  type: string;
}

export type ActionRequest =
  | {
      kind: 'execute';
      sops: string[];
      payload: Record<string, unknown>;
      startedBy: string;
      actor: Actor | null;
      trigger: RunTrigger;
      /** True for `schedule`: gates past their timeout are swept after the runs start. */
      sweepAfter: boolean;
    }
  | {
      kind: 'command';
      command: 'approve' | 'reject' | 'done' | 'cancel';
      runId: string;
      issueNumber: number | null;
      actor: Actor;
      via: Via;
      ref: string;
      reason?: string;
      comment?: string;
      commentId: number | null;
      /** The run id the person wrote in the command, if any; rule 5 checks it is this run's. */
      runIdGiven?: string;
      /**
       * When the decision was issued (SPEC 3.1): the comment's created_at, the close's closed_at; null for a
       * dispatch, whose time is its workflow run's created_at (attempt 1), read from the API.
       */
      issuedAt: string | null;
      /** The step the decision names (`/approve step 2`, the dispatch `step` input). */
      step?: number;
    }
  | { kind: 'status'; runId: string; issueNumber: number | null; actor: Actor; commentId: number | null; issuedAt: string | null }
  | { kind: 'list' }
  | { kind: 'validate' }
  | { kind: 'sweep' }
  | { kind: 'ignore'; reason: string };
