// What the Action was asked to do: a GitHub event (or the workflow's inputs) turned into one typed request.
import type { RunTrigger, Via } from '../engine/state-format.js';

export interface Actor {
  login: string;
  /** 'User' | 'Bot' | 'Organization' … from the event's sender or comment.user. */
  type: string;
}

/** The approval PR a command came from, with what the event said about it (for the channel check). */
export interface PullSource {
  number: number;
  /** Head branch, head sha and base branch as the event carried them; absent for PR conversation comments. */
  headRef?: string;
  headSha?: string;
  baseRef?: string;
  /** Set for review events: the review's id (its decision is re-fetched by it). */
  reviewId?: number;
  /** The review approved the PR (as opposed to a /command in its text): on a confirmation wait it confirms. */
  reviewApproved?: boolean;
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
      /** Set when the command came from an approval PR (review, close, or conversation comment). */
      pull?: PullSource;
    }
  | { kind: 'status'; runId: string; issueNumber: number | null; actor: Actor; commentId: number | null; issuedAt: string | null }
  | { kind: 'list' }
  | { kind: 'validate' }
  | { kind: 'sweep' }
  | { kind: 'ignore'; reason: string };
