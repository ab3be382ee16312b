// Workflow runs through the REST API: when a dispatch decision was issued (SPEC 3.1), who started a run, whether a runner is gone.
import { GitHubApiError, errorStatus, errorText } from './api-error.js';
import type { GitHubClient } from './octokit.js';
import type { RepoRef } from './repo.js';

export interface WorkflowRunFacts {
  id: number;
  /** Attempt 1's created_at: a re-run keeps the time the run was first requested. */
  createdAt: string;
  status: string | null;
  conclusion: string | null;
  /** Who caused the run (the dispatching person), when GitHub says. */
  actor: string | null;
  triggeringActor: string | null;
  event: string;
}

/**
 * Attempt 1 of workflow run `runId` (`GET …/actions/runs/{id}/attempts/1`): its time, actor and status.
 * Fails closed: an API error is thrown with what to do, never taken as "no such run".
 */
export async function firstAttempt(gh: GitHubClient, repo: RepoRef, runId: number): Promise<WorkflowRunFacts> {
  try {
    const { data } = await gh.rest.actions.getWorkflowRunAttempt({ ...repo, run_id: runId, attempt_number: 1 });
    return {
      id: data.id,
      createdAt: new Date(data.created_at).toISOString(),
      status: data.status ?? null,
      conclusion: data.conclusion ?? null,
      actor: data.actor?.login ?? null,
      triggeringActor: data.triggering_actor?.login ?? null,
      event: data.event,
    };
  } catch (error) {
    throw new GitHubApiError(
      `Could not read workflow run ${runId} of ${repo.owner}/${repo.repo}: ${errorText(error)}. Nothing was changed; re-run the workflow once GitHub answers (the token needs actions: read).`,
      { status: errorStatus(error), cause: error },
    );
  }
}

/**
 * Why the workflow run that claimed a step is gone (its latest attempt completed), or null while it is
 * queued or in progress: one REST call, made only when an event meets a run that is `running`.
 */
export async function workflowRunGone(gh: GitHubClient, repo: RepoRef, runId: number): Promise<string | null> {
  try {
    const { data } = await gh.rest.actions.getWorkflowRun({ ...repo, run_id: runId });
    if (data.status !== 'completed') return null;
    return `workflow run ${runId} has ${data.conclusion === 'cancelled' ? 'been cancelled' : `completed (${data.conclusion ?? 'no conclusion'})`}`;
  } catch (error) {
    if (errorStatus(error) === 404) return `workflow run ${runId} no longer exists`;
    throw new GitHubApiError(`Could not read workflow run ${runId}: ${errorText(error)}. Nothing was changed; re-run the workflow once GitHub answers.`, {
      status: errorStatus(error),
      cause: error,
    });
  }
}
