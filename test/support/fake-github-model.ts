// In-memory data of the fake GitHub: users, repositories, issues/pulls, comments, reactions, refs, files, teams.
import { createHash } from 'node:crypto';

export type UserType = 'User' | 'Bot' | 'Organization';

export interface FakeUser {
  login: string;
  id: number;
  type: UserType;
}

export interface FakeComment {
  id: number;
  /** `owner/name`, lower case. */
  repoKey: string;
  issueNumber: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface FakeReaction {
  id: number;
  content: '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';
  user: FakeUser;
  createdAt: string;
}

export interface FakePullInfo {
  head: string;
  base: string;
  /** Head sha when the PR was opened; the live head is the branch's tip (see headShaOf). */
  headSha: string;
  baseSha: string;
  merged: boolean;
  draft: boolean;
  /** Commits on the head branch that the base does not have. */
  commits: number;
  /** Logins and team slugs whose review is requested (a submitted review removes its author). */
  requestedReviewers: string[];
  requestedTeams: string[];
}

export type FakeReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';

export interface FakeReview {
  id: number;
  /** `owner/name`, lower case. */
  repoKey: string;
  pullNumber: number;
  user: FakeUser;
  state: FakeReviewState;
  body: string;
  submittedAt: string;
  /** The PR's head sha when the review was submitted. */
  commitId: string;
}

/** An issue or a pull request: they share one number sequence, as on GitHub. */
export interface FakeIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | null;
  labels: string[];
  user: FakeUser;
  commentIds: number[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: FakeUser | null;
  pull?: FakePullInfo;
}

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
}

export interface FakeFile {
  content: string;
  sha: string;
}

export interface FakeRepo {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  /** Lower-cased login → role_name (read, triage, write, maintain, admin or a custom role). */
  collaborators: Map<string, { login: string; roleName: string }>;
  issues: Map<number, FakeIssue>;
  labels: Map<string, FakeLabel>;
  /** Branch name → head commit sha. */
  branches: Map<string, string>;
  /** Branch name → path → file. */
  files: Map<string, Map<string, FakeFile>>;
  /** Workflow run id → its attempts (index 0 is attempt 1). */
  workflowRuns: Map<number, FakeWorkflowRun[]>;
  /** Branch name → commits made on it since it was created from another branch. */
  ahead: Map<string, number>;
}

export interface FakeWorkflowRun {
  id: number;
  attempt: number;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  actor: FakeUser;
  triggeringActor: FakeUser;
  headSha: string;
}

/** Everything a FakeGitHubModel holds, as data: what `snapshot` returns and `restore` takes. */
export interface FakeModelData {
  repos: Map<string, FakeRepo>;
  users: Map<string, FakeUser>;
  comments: Map<number, FakeComment>;
  reactions: Map<number, FakeReaction[]>;
  reviews: Map<number, FakeReview>;
  teams: Map<string, Map<string, 'active' | 'pending'>>;
  nextId: number;
  clock: number;
}

/** Monotonic clock and id source, so responses are realistic and deterministic in order. */
export class FakeGitHubModel {
  readonly repos = new Map<string, FakeRepo>();
  readonly users = new Map<string, FakeUser>();
  readonly comments = new Map<number, FakeComment>();
  readonly reactions = new Map<number, FakeReaction[]>();
  readonly reviews = new Map<number, FakeReview>();
  /** `org/slug` (lower case) → login (lower case) → membership state. */
  readonly teams = new Map<string, Map<string, 'active' | 'pending'>>();
  private nextId = 1000;
  private clock = Date.parse('2026-11-26T09:00:00Z');

  id(): number {
    return this.nextId++;
  }

  /** A deep copy of everything held (objects shared between maps stay shared in the copy). */
  snapshot(): FakeModelData {
    const { repos, users, comments, reactions, reviews, teams, nextId, clock } = this;
    return structuredClone({ repos, users, comments, reactions, reviews, teams, nextId, clock });
  }

  /** Holds a copy of `data` from now on, as if the calls that led to it had been made here. */
  restore(data: FakeModelData): void {
    const copy = structuredClone(data);
    const refill = <K, V>(target: Map<K, V>, from: Map<K, V>): void => {
      target.clear();
      for (const [k, v] of from) target.set(k, v);
    };
    refill(this.repos, copy.repos);
    refill(this.users, copy.users);
    refill(this.comments, copy.comments);
    refill(this.reactions, copy.reactions);
    refill(this.reviews, copy.reviews);
    refill(this.teams, copy.teams);
    this.nextId = copy.nextId;
    this.clock = copy.clock;
  }

  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  sha(seed: string): string {
    return createHash('sha1').update(`${seed}:${this.id()}`).digest('hex');
  }

  user(login: string, type?: UserType): FakeUser {
    const key = login.toLowerCase();
    const known = this.users.get(key);
    if (known) return known;
    const user: FakeUser = { login, id: this.id(), type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') };
    this.users.set(key, user);
    return user;
  }

  addRepo(fullName: string, defaultBranch = 'main'): FakeRepo {
    const [owner = '', name = ''] = fullName.split('/');
    const repo: FakeRepo = {
      owner,
      name,
      id: this.id(),
      defaultBranch,
      collaborators: new Map(),
      issues: new Map(),
      labels: new Map(),
      branches: new Map([[defaultBranch, this.sha(fullName)]]),
      files: new Map([[defaultBranch, new Map()]]),
      workflowRuns: new Map(),
      ahead: new Map(),
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  nextNumber(repo: FakeRepo): number {
    return Math.max(0, ...repo.issues.keys()) + 1;
  }

  ensureLabel(repo: FakeRepo, name: string): FakeLabel {
    const found = repo.labels.get(name.toLowerCase());
    if (found) return found;
    const label: FakeLabel = { id: this.id(), name, color: 'ededed' };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  addComment(repo: FakeRepo, issue: FakeIssue, user: FakeUser, body: string): FakeComment {
    const at = this.now();
    const repoKey = `${repo.owner}/${repo.name}`.toLowerCase();
    const comment: FakeComment = { id: this.id(), repoKey, issueNumber: issue.number, body, user, createdAt: at, updatedAt: at };
    this.comments.set(comment.id, comment);
    issue.commentIds.push(comment.id);
    issue.updatedAt = at;
    return comment;
  }
}
