// Re-establishes a `review:<id>` approval from GitHub before a gated step runs (SPEC 4): author, state, time, commit.
import type { Approval, RunState } from '../engine/state-format.js';
import type { GitHubClient } from './octokit.js';
import { getReview } from './pull-channel.js';
import type { RepoRef } from './repo.js';
import { parseCommand } from './parse-command.js';

/** The review id of a `review:<id>` ref, or null for another kind of ref. */
export function reviewIdOf(ref: string): number | null {
  const m = /^review:(\d+)$/.exec(ref);
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * Null when GitHub still holds the review as it was counted: same author, a state that gives
 * this decision, submitted when recorded (`approval.at` is the issue time), on the exact commit the engine made for the approval
 * PR. Otherwise why the approval no longer stands. One REST call; API errors propagate (fail closed).
 */
export async function verifyReviewApproval(gh: GitHubClient, repo: RepoRef, state: RunState, approval: Approval): Promise<string | null> {
  const id = reviewIdOf(approval.ref);
  if (id === null) return `${approval.ref} is not a review ref`;
  const pull = state.channel?.pulls?.[String(approval.step)];
  if (!pull) return `review ${id} counted for step ${approval.step}, but the run records no approval pull request for that step`;
  const review = await getReview(gh, repo, pull.number, id);
  if (review === null) return `review ${id} on #${pull.number} no longer exists`;
  if (review.login.toLowerCase() !== approval.by.toLowerCase()) return `review ${id} on #${pull.number} is by @${review.login}, not @${approval.by}`;
  const command = review.state === 'COMMENTED' ? parseCommand(review.body)?.command : undefined;
  const gives = review.state === 'APPROVED' || command === 'approve' || command === 'done';
  if (approval.decision !== 'reject' && !gives) return `review ${id} on #${pull.number} is now ${review.state.toLowerCase()}, not an approval`;
  if (review.submittedAt === null || Date.parse(review.submittedAt) !== Date.parse(approval.at)) {
    return `review ${id} on #${pull.number} was submitted at ${review.submittedAt ?? 'no time'}, not ${approval.at}`;
  }
  if (review.commitId !== null && review.commitId !== pull.head_sha) {
    return `review ${id} on #${pull.number} was given on commit ${review.commitId.slice(0, 12)}, not on the approval request sop-engine made (${pull.head_sha.slice(0, 12)})`;
  }
  return null;
}
