// A counted review is re-fetched before the step runs: deleted, dismissed, other author or other commit no longer count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, RunState } from '../../src/engine/state-format.js';
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js';
import { reviewIdOf, verifyReviewApproval } from '../../src/github/review-ref.js';
import { makeSop, started } from '../engine/fixtures.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const repo = { owner: 'octo-org', repo: 'deploys' };

describe('verifyReviewApproval', () => {
  let gh: FakeGitHub;
  let octokit: GitHubClient;
  let state: RunState;
  let pull: number;
  let head: string;

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addCollaborator('bob', 'write');
    octokit = createOctokit({ token: 't', baseUrl: gh.url, retries: 0, pacing: false, log: { warn: () => {} } });
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const branch = 'sop-approvals/run-20260101-abc123/step-1';
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha });
    const { data: put } = await octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: 'a.md', branch, message: 'm', content: 'YQ==' });
    head = put.commit.sha ?? '';
    const { data: pr } = await octokit.rest.pulls.create({ ...repo, title: 't', head: branch, base: 'main' });
    pull = pr.number;
    state = { ...started(makeSop()), channel: { type: 'pull-request', pulls: { '1': { number: pull, branch, head_sha: head, base: 'main', open: true } } } };
  });
  afterAll(async () => {
    await gh.close();
  });

  const approval = (ref: string, by = 'bob'): Approval => {
    const id = Number(ref.slice('review:'.length));
    const at = gh.reviews(pull).find((r) => Number(r.id) === id)?.submitted_at ?? '2026-01-01T00:00:00Z';
    return { step: 1, wait: 1, by, decision: 'approve', at, via: 'pull_request_review', ref };
  };

  it('an approving review on the engine\'s commit, by the recorded author, still stands', async () => {
    const review = gh.addReview(pull, { login: 'bob', state: 'APPROVED' });
    expect(reviewIdOf(`review:${review.id}`)).toBe(Number(review.id));
    await expect(verifyReviewApproval(octokit, repo, state, approval(`review:${review.id}`))).resolves.toBeNull();
  });

  it('a review that is gone, by someone else, or only a comment no longer counts', async () => {
    await expect(verifyReviewApproval(octokit, repo, state, approval('review:424242'))).resolves.toContain('no longer exists');
    const review = gh.addReview(pull, { login: 'bob', state: 'APPROVED' });
    await expect(verifyReviewApproval(octokit, repo, state, approval(`review:${review.id}`, 'mallory'))).resolves.toContain('is by @bob, not @mallory');
    const comment = gh.addReview(pull, { login: 'bob', state: 'COMMENTED', body: 'nice' });
    await expect(verifyReviewApproval(octokit, repo, state, approval(`review:${comment.id}`))).resolves.toContain('not an approval');
    const command = gh.addReview(pull, { login: 'bob', state: 'COMMENTED', body: '/approve' });
    await expect(verifyReviewApproval(octokit, repo, state, approval(`review:${command.id}`))).resolves.toBeNull();
  });

  it('a review whose time differs from the recorded one does not count', async () => {
    const review = gh.addReview(pull, { login: 'bob', state: 'APPROVED' });
    const moved = { ...approval(`review:${review.id}`), at: '2020-01-01T00:00:00Z' };
    await expect(verifyReviewApproval(octokit, repo, state, moved)).resolves.toContain('not 2020-01-01T00:00:00Z');
  });

  it('a review given on another commit (someone pushed to the PR) does not count', async () => {
    gh.pushToBranch('sop-approvals/run-20260101-abc123/step-1', 'b.md', 'x');
    const review = gh.addReview(pull, { login: 'bob', state: 'APPROVED' });
    await expect(verifyReviewApproval(octokit, repo, state, approval(`review:${review.id}`))).resolves.toContain('not on the approval request sop-engine made');
  });
});
