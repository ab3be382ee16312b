// Event payload builders for tests, cloned from GitHub's real examples (@octokit/webhooks-examples).
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

// The package's main is a JSON file with a CommonJS-style typing; require() reads it the same under Node and vitest.
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

type Example<N extends WebhookDefinition['name']> = WebhookDefinition<N>['examples'][number];
export type IssueCommentEvent = Example<'issue_comment'>;
export type IssuesEvent = Example<'issues'>;
export type IssuesClosedEvent = Extract<IssuesEvent, { action: 'closed' }>;
export type RepositoryDispatchEvent = Example<'repository_dispatch'>;
export type WorkflowDispatchEvent = Example<'workflow_dispatch'>;
export type PullRequestReviewEvent = Example<'pull_request_review'>;
type Repository = IssueCommentEvent['repository'];
type User = IssueCommentEvent['sender'];
export type UserType = User['type'];

/** GitHub's `schedule` payload; @octokit/webhooks-examples has no example of it. */
export interface ScheduleEvent {
  schedule: string;
  repository: Repository;
  sender?: User;
}

/** "owner/name" of the repository the events come from. */
export const DEFAULT_REPO = 'acme/ops';

function example<N extends WebhookDefinition['name']>(name: N, pick: (e: Example<N>) => boolean): Example<N> {
  const definition = examples.find((d): d is WebhookDefinition<N> => d.name === name);
  const found = definition?.examples.find(pick);
  if (found === undefined) throw new Error(`@octokit/webhooks-examples has no matching ${name} example`);
  // Deep copy: the examples are shared module state.
  return structuredClone(found);
}

/** The example's repository, renamed to `repo` ("owner/name") with its URLs to match. */
export function repositoryOf(base: Repository, repo: string = DEFAULT_REPO): Repository {
  const [owner = 'acme', name = 'ops'] = repo.split('/');
  return {
    ...base,
    name,
    full_name: `${owner}/${name}`,
    default_branch: 'main',
    html_url: `https://github.com/${owner}/${name}`,
    url: `https://api.github.com/repos/${owner}/${name}`,
    owner: { ...base.owner, login: owner },
  };
}

/** A user (sender, comment author, reviewer) with the given login and type, ids derived from the login. */
export function userOf(base: User, login: string, type: UserType = 'User'): User {
  return {
    ...base,
    login,
    type,
    id: idFor(login),
    html_url: `https://github.com/${login}`,
    url: `https://api.github.com/users/${login}`,
  };
}

/** A stable positive id per login, so two people never share one. */
function idFor(text: string): number {
  let h = 7;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return h + 1;
}

export interface IssueCommentOptions<A extends IssueCommentEvent['action']> {
  body: string;
  login: string;
  userType?: UserType;
  issueNumber: number;
  issueBody: string | null;
  commentId?: number;
  action?: A;
  /** Set for a comment on a pull request (`issue.pull_request` is present then). */
  onPullRequest?: boolean;
  repo?: string;
}

export function issueCommentEvent<A extends IssueCommentEvent['action'] = 'created'>(
  opts: IssueCommentOptions<A>,
): Extract<IssueCommentEvent, { action: A }> {
  const action = opts.action ?? 'created';
  const base = example('issue_comment', (e) => e.action === action) as Extract<IssueCommentEvent, { action: A }>;
  const user = userOf(base.comment.user, opts.login, opts.userType);
  const repository = repositoryOf(base.repository, opts.repo);
  const commentId = opts.commentId ?? 1000 + opts.issueNumber;
  const issueUrl = `${repository.url}/issues/${opts.issueNumber}`;
  const pullRequest = opts.onPullRequest
    ? {
        pull_request: {
          url: `${repository.url}/pulls/${opts.issueNumber}`,
          html_url: `${repository.html_url}/pull/${opts.issueNumber}`,
          diff_url: `${repository.html_url}/pull/${opts.issueNumber}.diff`,
          patch_url: `${repository.html_url}/pull/${opts.issueNumber}.patch`,
        },
      }
    : {};
  return {
    ...base,
    repository,
    sender: user,
    issue: { ...base.issue, ...pullRequest, number: opts.issueNumber, body: opts.issueBody, url: issueUrl },
    comment: {
      ...base.comment,
      id: commentId,
      body: opts.body,
      user,
      issue_url: issueUrl,
      url: `${repository.url}/issues/comments/${commentId}`,
    },
  };
}

export interface IssuesClosedOptions {
  login: string;
  userType?: UserType;
  issueNumber: number;
  issueBody: string | null;
  closedAt?: string;
  repo?: string;
}

/** No `closed` example exists, so an `opened` one is closed: state, closed_at and action change. */
export function issuesClosedEvent(opts: IssuesClosedOptions): IssuesClosedEvent {
  const base = example('issues', (e) => e.action === 'opened');
  const closedAt = opts.closedAt ?? '2026-11-26T10:00:00Z';
  const repository = repositoryOf(base.repository, opts.repo);
  return {
    action: 'closed',
    repository,
    sender: userOf(base.sender, opts.login, opts.userType),
    issue: {
      ...base.issue,
      number: opts.issueNumber,
      body: opts.issueBody,
      url: `${repository.url}/issues/${opts.issueNumber}`,
      state: 'closed',
      closed_at: closedAt,
      updated_at: closedAt,
    },
  };
}

export interface RepositoryDispatchOptions {
  eventType: string;
  clientPayload?: Record<string, unknown>;
  login: string;
  repo?: string;
}

export function repositoryDispatchEvent(opts: RepositoryDispatchOptions): RepositoryDispatchEvent {
  const base = example('repository_dispatch', () => true);
  return {
    ...base,
    action: opts.eventType,
    client_payload: opts.clientPayload ?? {},
    repository: repositoryOf(base.repository, opts.repo),
    sender: userOf(base.sender, opts.login),
  };
}

export interface WorkflowDispatchOptions {
  inputs: Record<string, unknown>;
  login: string;
  repo?: string;
}

export function workflowDispatchEvent(opts: WorkflowDispatchOptions): WorkflowDispatchEvent {
  const base = example('workflow_dispatch', () => true);
  return {
    ...base,
    inputs: opts.inputs,
    repository: repositoryOf(base.repository, opts.repo),
    sender: userOf(base.sender, opts.login),
  };
}

export interface PullRequestReviewOptions {
  state: 'approved' | 'changes_requested' | 'commented';
  body: string | null;
  login: string;
  userType?: UserType;
  pullNumber: number;
  pullBody: string | null;
  reviewId?: number;
  repo?: string;
}

export function pullRequestReviewEvent(opts: PullRequestReviewOptions): PullRequestReviewEvent {
  const base = example('pull_request_review', (e) => e.action === 'submitted');
  if (base.action !== 'submitted') throw new Error('expected a submitted pull_request_review example');
  const user = userOf(base.review.user, opts.login, opts.userType);
  return {
    ...base,
    repository: repositoryOf(base.repository, opts.repo),
    sender: user,
    review: { ...base.review, id: opts.reviewId ?? 5000 + opts.pullNumber, state: opts.state, body: opts.body, user },
    pull_request: { ...base.pull_request, number: opts.pullNumber, body: opts.pullBody },
  };
}

/** What GitHub sends for `on: schedule`: the cron string that fired and the repository. */
export function scheduleEvent(cron: string, opts: { repo?: string } = {}): ScheduleEvent {
  const base = example('issue_comment', (e) => e.action === 'created');
  return { schedule: cron, repository: repositoryOf(base.repository, opts.repo) };
}

export type PullRequestEvent = Example<'pull_request'>;
export type PullRequestClosedEvent = Extract<PullRequestEvent, { action: 'closed' }>;

export interface PullRequestClosedOptions {
  login: string;
  userType?: UserType;
  pullNumber: number;
  pullBody: string | null;
  merged?: boolean;
  closedAt?: string;
  repo?: string;
}

/** A `pull_request` `closed` event (merged or not) by `login`. */
export function pullRequestClosedEvent(opts: PullRequestClosedOptions): PullRequestClosedEvent {
  const base = example('pull_request', (e) => e.action === 'closed');
  if (base.action !== 'closed') throw new Error('expected a closed pull_request example');
  const closedAt = opts.closedAt ?? '2026-11-26T10:00:00Z';
  const sender = userOf(base.sender, opts.login, opts.userType);
  const repository = repositoryOf(base.repository, opts.repo);
  return {
    ...base,
    repository,
    sender,
    number: opts.pullNumber,
    pull_request: {
      ...base.pull_request,
      number: opts.pullNumber,
      body: opts.pullBody,
      state: 'closed',
      closed_at: closedAt,
      updated_at: closedAt,
      merged: opts.merged === true,
      merged_at: opts.merged === true ? closedAt : null,
    },
  } as PullRequestClosedEvent;
}
