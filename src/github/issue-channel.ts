// The issue approval channel's REST calls (SPEC 5.3): one call per function, so gate budgets hold.
import type { GitHubClient } from './octokit.js';
import type { RepoRef } from './repo.js';

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

export async function react(gh: GitHubClient, repo: RepoRef, commentId: number, content: ReactionContent): Promise<void> {
  await gh.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

