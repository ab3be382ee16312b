// The issue approval channel's REST calls (SPEC 5.3): one call per function, so gate budgets hold.
import { errorStatus, errorText } from './api-error.js';
import type { GitHubClient } from './octokit.js';
import type { RepoRef } from './repo.js';
import { findRunMarker } from './render.js';

export const SOP_LABEL = 'sop';
export const PENDING_LABEL = 'sop:pending';

export type ReactionContent = 'eyes' | '+1' | '-1' | 'rocket';

/** Opens the run's issue; labels are set inline (GitHub creates missing labels). Returns its number. */
export async function createRunIssue(
  gh: GitHubClient,
  repo: RepoRef,
  issue: { title: string; body: string; labels: string[] },
): Promise<number> {
  const { data } = await gh.rest.issues.create({ ...repo, title: issue.title, body: issue.body, labels: issue.labels });
  return data.number;
}

export async function updateIssueBody(gh: GitHubClient, repo: RepoRef, issueNumber: number, body: string): Promise<void> {
  await gh.rest.issues.update({ ...repo, issue_number: issueNumber, body });
}

/** Returns the new comment's id. */
export async function commentOnIssue(gh: GitHubClient, repo: RepoRef, issueNumber: number, body: string): Promise<number> {
  const { data } = await gh.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return Number(data.id);
}

export async function closeIssue(gh: GitHubClient, repo: RepoRef, issueNumber: number): Promise<void> {
  await gh.rest.issues.update({ ...repo, issue_number: issueNumber, state: 'closed', state_reason: 'completed' });
}

export async function addLabels(gh: GitHubClient, repo: RepoRef, issueNumber: number, labels: string[]): Promise<void> {
  await gh.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels });
}

/**
 * Removing a label that is already gone is not an error: the wanted end state holds. GitHub says
 * so with 404 "Label does not exist"; a 404 for a missing issue is still an error.
 */
export async function removeLabel(gh: GitHubClient, repo: RepoRef, issueNumber: number, name: string): Promise<void> {
  try {
    await gh.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name });
  } catch (error) {
    if (errorStatus(error) !== 404 || !/Label does not exist/i.test(errorText(error))) throw error;
  }
}

export async function react(gh: GitHubClient, repo: RepoRef, commentId: number, content: ReactionContent): Promise<void> {
  await gh.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

/**
 * Recovery: the open `sop` issue whose body carries the run's marker, or null. Pull requests
 * are skipped: the issue channel never uses them.
 */
export async function findRunIssue(gh: GitHubClient, repo: RepoRef, runId: string): Promise<number | null> {
  const issues = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, state: 'open', labels: SOP_LABEL, per_page: 100 });
  const found = issues.find((i) => !i.pull_request && findRunMarker(i.body ?? '') === runId);
  return found ? found.number : null;
}
