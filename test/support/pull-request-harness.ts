// Events of the pull-request approval channel as GitHub delivers them, built from the fake's current PRs and reviews.
import type { ActionEvent } from './action-harness.js';
import { issueCommentEvent, pullRequestClosedEvent, pullRequestReviewEvent, type UserType } from './events.js';
import type { FakeGitHub } from './fake-github.js';
import type { FakeReviewState } from './fake-github-model.js';

/** The PR as a webhook carries it: number, body, head and base as they are on the fake now. */
function pullAsDelivered(fake: FakeGitHub, n: number) {
  const pull = fake.pull(n);
  if (!pull) throw new Error(`fake GitHub has no pull request #${n}`);
  return pull;
}

/**
 * A person submits a review on PR `n`: the review is created on the fake (so re-fetching it works)
 * and the `pull_request_review` event is returned. `reviewId` re-sends (redelivers) an existing review.
 */
export function reviewEvent(
  fake: FakeGitHub,
  n: number,
  r: { login: string; state: FakeReviewState; body?: string; type?: UserType; reviewId?: number; submittedAt?: string },
): ActionEvent {
  const existing = r.reviewId === undefined ? undefined : fake.reviews(n).find((x) => Number(x.id) === r.reviewId);
  const review = existing ?? fake.addReview(n, { login: r.login, type: r.type, state: r.state, body: r.body });
  const pull = pullAsDelivered(fake, n);
  const state = review.state.toLowerCase() as 'approved' | 'changes_requested' | 'commented';
  const base = pullRequestReviewEvent({ state, body: review.body, login: r.login, userType: r.type, pullNumber: n, pullBody: pull.body, reviewId: Number(review.id) });
  return {
    name: 'pull_request_review',
    payload: {
      ...base,
      review: { ...base.review, submitted_at: r.submittedAt ?? review.submitted_at, commit_id: review.commit_id ?? base.review.commit_id },
      pull_request: {
        ...base.pull_request,
        number: n,
        body: pull.body,
        state: pull.state,
        head: { ...base.pull_request.head, ref: pull.head.ref, sha: pull.head.sha },
        base: { ...base.pull_request.base, ref: pull.base.ref, sha: pull.base.sha },
      },
    },
  };
}

/** `login` closes PR `n` (unmerged unless `merged`) on the fake; returns the `pull_request` event. */
export function pullClosedEvent(fake: FakeGitHub, n: number, login: string, opts: { merged?: boolean; type?: UserType } = {}): ActionEvent {
  const pull = fake.closePull(n, login, { merged: opts.merged });
  const base = pullRequestClosedEvent({ login, userType: opts.type, pullNumber: n, pullBody: pull.body, merged: opts.merged, closedAt: pull.closed_at ?? undefined });
  return {
    name: 'pull_request',
    payload: {
      ...base,
      pull_request: {
        ...base.pull_request,
        head: { ...base.pull_request.head, ref: pull.head.ref, sha: pull.head.sha },
        base: { ...base.pull_request.base, ref: pull.base.ref, sha: pull.base.sha },
      },
    },
  };
}

/** A comment in PR `n`'s conversation: GitHub delivers it as `issue_comment` with `issue.pull_request` set. */
export function pullCommentEvent(fake: FakeGitHub, n: number, c: { login: string; body: string; type?: UserType }): ActionEvent {
  const comment = fake.addComment(n, { login: c.login, type: c.type, body: c.body });
  const pull = pullAsDelivered(fake, n);
  const base = issueCommentEvent({ body: c.body, login: c.login, userType: c.type, issueNumber: n, issueBody: pull.body, commentId: Number(comment.id), onPullRequest: true });
  return { name: 'issue_comment', payload: { ...base, comment: { ...base.comment, created_at: comment.created_at } } };
}
