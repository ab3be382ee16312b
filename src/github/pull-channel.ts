// The pull-request approval channel's REST calls (SPEC 5.3): open, update, check, fetch reviews of, and close approval PRs.
import { errorStatus } from './api-error.js';
import type { GitHubClient } from './octokit.js';
import type { RepoRef } from './repo.js';

export interface OpenPullRequest {
  /** The default branch: the PR's base and the branch the approval branch starts from. */
  base: string;
  /** The default branch's tip (read with git, so opening costs no REST call for it). */
  baseSha: string;
  branch: string;
  path: string;
  content: string;
  message: string;
  title: string;
  body: string;
  /** Logins and `@org/team` entries to request reviews from. */
  reviewers: string[];
}

export interface OpenedPull {
  number: number;
  branch: string;
  /** The commit that adds the approval file: the PR's head as the engine created it. */
  headSha: string;
  base: string;
  /** Set when the reviewers could not be requested (the PR still counts; the reason is worth a warning). */
  reviewersProblem?: string;
}

/**
 * Branch, commit, PR, reviewers: 4 REST calls (3 without reviewers to request). Requesting
 * reviewers can fail for a listed approver who is not a collaborator; the PR stays open and
 * the problem is returned, since anyone eligible may still review it.
 */
export async function openApprovalPull(gh: GitHubClient, repo: RepoRef, req: OpenPullRequest): Promise<OpenedPull> {
  const createRef = () => gh.rest.git.createRef({ ...repo, ref: `refs/heads/${req.branch}`, sha: req.baseSha });
  try {
    await createRef();
  } catch (error) {
    if (errorStatus(error) !== 422) throw error;
    // The branch exists but no PR was recorded: an earlier attempt stopped half-way. Start clean.
    await deleteBranchIfPresent(gh, repo, req.branch);
    await createRef();
  }
  const { data: put } = await gh.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: req.path,
    branch: req.branch,
    message: req.message,
    content: Buffer.from(req.content, 'utf8').toString('base64'),
  });
  const headSha = put.commit.sha;
  if (!headSha) throw new Error(`GitHub did not return the commit that added ${req.path}`);
  const { data: pull } = await gh.rest.pulls.create({ ...repo, title: req.title, head: req.branch, base: req.base, body: req.body });
  const opened: OpenedPull = { number: pull.number, branch: req.branch, headSha, base: req.base };
  const users = req.reviewers.filter((r) => !r.startsWith('@'));
  const teams = req.reviewers.filter((r) => r.startsWith('@')).map((t) => t.slice(t.indexOf('/') + 1));
  if (users.length === 0 && teams.length === 0) return opened;
  try {
    await gh.rest.pulls.requestReviewers({ ...repo, pull_number: pull.number, reviewers: users, team_reviewers: teams });
  } catch (error) {
    if (errorStatus(error) !== 422) throw error;
    opened.reviewersProblem = `could not request reviews from ${req.reviewers.join(', ')} on #${pull.number}: ${(error as Error).message.split('\n')[0]} (only collaborators and teams with access can be asked; everyone eligible may still review)`;
  }
  return opened;
}

/**
 * A branch left by an earlier attempt that stopped half-way (no PR recorded): delete it so the
 * gate's PR starts clean. Returns true when there was one.
 */
export async function deleteBranchIfPresent(gh: GitHubClient, repo: RepoRef, branch: string): Promise<boolean> {
  try {
    await gh.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
    return true;
  } catch (error) {
    const status = errorStatus(error);
    if (status === 422 || status === 404) return false;
    throw error;
  }
}

export async function updatePullBody(gh: GitHubClient, repo: RepoRef, pullNumber: number, body: string): Promise<void> {
  await gh.rest.pulls.update({ ...repo, pull_number: pullNumber, body });
}

/** The last comment, closed without merging, branch deleted: 3 REST calls. */
export async function closeApprovalPull(gh: GitHubClient, repo: RepoRef, pull: { number: number; branch: string }, comment: string): Promise<void> {
  await gh.rest.issues.createComment({ ...repo, issue_number: pull.number, body: comment });
  await gh.rest.pulls.update({ ...repo, pull_number: pull.number, state: 'closed' });
  await deleteBranchIfPresent(gh, repo, pull.branch);
}

export async function reopenPull(gh: GitHubClient, repo: RepoRef, pullNumber: number): Promise<void> {
  await gh.rest.pulls.update({ ...repo, pull_number: pullNumber, state: 'open' });
}

/** What a PR is now, to compare with what the engine created. */
export interface PullFacts {
  number: number;
  state: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** Null when the API (or the event) does not say. */
  commits: number | null;
}

export async function getPullFacts(gh: GitHubClient, repo: RepoRef, pullNumber: number): Promise<PullFacts> {
  const { data } = await gh.rest.pulls.get({ ...repo, pull_number: pullNumber });
  return { number: data.number, state: data.state, headRef: data.head.ref, headSha: data.head.sha, baseRef: data.base.ref, commits: data.commits };
}

/** A review as GitHub holds it now (re-verification before a gated step runs); null once it is gone. */
export interface ReviewFacts {
  id: number;
  login: string;
  userType: string;
  state: string;
  body: string;
  submittedAt: string | null;
  commitId: string | null;
}

export async function getReview(gh: GitHubClient, repo: RepoRef, pullNumber: number, reviewId: number): Promise<ReviewFacts | null> {
  try {
    const { data } = await gh.rest.pulls.getReview({ ...repo, pull_number: pullNumber, review_id: reviewId });
    return {
      id: Number(data.id),
      login: data.user?.login ?? '',
      userType: data.user?.type ?? '',
      state: data.state,
      body: data.body,
      submittedAt: data.submitted_at ?? null,
      commitId: data.commit_id,
    };
  } catch (error) {
    if (errorStatus(error) === 404) return null;
    throw error;
  }
}
