// A faithful fake of GitHub's REST API on a real local HTTP server, with failure injection and a request log.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { components } from '@octokit/openapi-types';
import { FakeGitHubModel, type FakeIssue, type FakeModelData, type FakeReaction, type FakeRepo, type FakeReview, type FakeReviewState, type FakeUser, type UserType } from './fake-github-model.js';
import * as schema from './fake-github-schema.js';

type Schemas = components['schemas'];

export interface FakeGitHubOptions {
  /** Repositories to serve, "owner/name"; the first is the default for helpers. Default ["octo-org/deploys"]. */
  repos?: string[];
  /** Path prefix of the API, e.g. "/api/v3" as on GitHub Enterprise Server. Default "". */
  basePath?: string;
  /** Who the token acts as (issues and comments it creates are authored by them). */
  tokenUser?: { login: string; type: UserType };
}

export interface LoggedRequest {
  method: string;
  /** Path without the base path and query, e.g. /repos/octo-org/deploys/issues. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Request headers as Node received them (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
}

export type RequestFilter = { method?: string; path?: string | RegExp } | ((r: LoggedRequest) => boolean);

export interface FakeGitHub {
  /** Base URL of the API (use as GITHUB_API_URL / baseUrl). */
  readonly url: string;
  readonly requests: LoggedRequest[];
  resetRequests(): void;
  countRequests(filter?: RequestFilter): number;
  /** The next `count` requests (only those whose path matches `path`, if given) answer `status`;
   *  429s (and 403s given a retryAfter) carry GitHub's secondary-rate-limit message. */
  failNext(count: number, status: number, opts?: { retryAfter?: number; message?: string; path?: string | RegExp }): void;
  /** true: every request gets 503; 'reset': every connection is dropped; false: back to normal. */
  setDown(down: boolean | 'reset'): void;
  /** Team membership lookups answer 403, as they do for a GITHUB_TOKEN. */
  setTeamsForbidden(forbidden: boolean): void;
  /** Team lookups answer 404 even for teams that exist: how GitHub answers a token that cannot see the org's teams. */
  setTeamsHidden(hidden: boolean): void;
  /** Move (or create) a branch to `sha`, as a push would; e.g. to match the fake's main to a real git origin. */
  setBranch(name: string, sha: string, repo?: string): void;
  /** Someone pushes a commit to `branch` that writes `path`; returns the new head sha. */
  pushToBranch(branch: string, path: string, content: string, repo?: string): string;
  /** A review submitted on github.com; returns it as the API (and the webhook's `review`) shows it. */
  addReview(pullNumber: number, r: { login: string; type?: UserType; state: FakeReviewState; body?: string }, repo?: string): Schemas['pull-request-review'];
  reviews(pullNumber: number, repo?: string): Schemas['pull-request-review'][];
  /** A person closes (or merges) a PR on github.com; the fake's copy changes as GitHub's would. */
  closePull(pullNumber: number, login: string, opts?: { merged?: boolean }, repo?: string): Schemas['pull-request'];
  addCollaborator(login: string, roleName: string, repo?: string): void;
  addTeamMember(org: string, slug: string, login: string, state?: 'active' | 'pending'): void;
  /** A comment posted on github.com by someone else; returns the payload as the API would. */
  addComment(issueNumber: number, c: { login: string; type?: UserType; body: string }, repo?: string): Schemas['issue-comment'];
  /** Opens an issue as someone else (e.g. to test recovery among unrelated issues). */
  addIssue(i: { login: string; title: string; body?: string; labels?: string[] }, repo?: string): Schemas['issue'];
  issue(n: number, repo?: string): Schemas['issue'] | undefined;
  pull(n: number, repo?: string): Schemas['pull-request'] | undefined;
  comments(n: number, repo?: string): Schemas['issue-comment'][];
  reactions(commentId: number): Schemas['reaction'][];
  /** Head sha of a branch, or undefined when the branch does not exist. */
  branch(name: string, repo?: string): string | undefined;
  /** A file's text on a branch, or undefined. */
  file(path: string, branch: string, repo?: string): string | undefined;
  /** Moves the fake's clock on (one second) and returns the new time: the time of the next workflow run or event. */
  tick(): string;
  /**
   * A workflow run starts (attempt 1, or the next attempt of `id` for a re-run, which keeps attempt 1's
   * created_at): `GET …/actions/runs/{id}` and `…/attempts/{n}` serve it.
   */
  startWorkflowRun(run: { id: number; event: string; actor: string; headSha: string; at: string }, repo?: string): void;
  /** Serve git facts (compare) of repository `repo` from this git directory, e.g. the test's bare origin. */
  useGitRepository(gitDir: string, repo?: string): void;
  /** The workflow run's latest attempt ends (or is cancelled). */
  finishWorkflowRun(id: number, conclusion: 'success' | 'failure' | 'cancelled', repo?: string): void;
  close(): Promise<void>;
  /** The whole state (data, request log, failure settings), for `restore` into this or another fake. */
  snapshot(): FakeGitHubSnapshot;
  /** Takes the state a `snapshot` holds, as if the requests that led to it had been made here. */
  restore(snapshot: FakeGitHubSnapshot): void;
}

export interface FakeGitHubSnapshot {
  model: FakeModelData;
  requests: LoggedRequest[];
  failures: { status: number; retryAfter?: number; message?: string; path?: string | RegExp }[];
  down: boolean | 'reset';
  teamsForbidden: boolean;
  teamsHidden: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  params: string[];
  actor: FakeUser;
}

type Handler = (ctx: Ctx) => { status: number; body?: unknown; headers?: Record<string, string> };

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const model = new FakeGitHubModel();
  const repoNames = opts.repos ?? ['octo-org/deploys'];
  for (const name of repoNames) model.addRepo(name);
  const basePath = (opts.basePath ?? '').replace(/\/+$/, '');
  const tokenUser = model.user(opts.tokenUser?.login ?? 'github-actions[bot]', opts.tokenUser?.type ?? 'Bot');
  const requests: LoggedRequest[] = [];
  /** "owner/name" (lower case) → git directory whose history the compare endpoint reads. */
  const gitDirs = new Map<string, string>();
  const failures: { status: number; retryAfter?: number; message?: string; path?: string | RegExp }[] = [];
  let down: boolean | 'reset' = false;
  let teamsForbidden = false;
  let teamsHidden = false;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}${basePath}`;
  const urls: schema.Urls = { api: url, web: `http://127.0.0.1:${port}/web` };

  const findRepo = (full?: string): FakeRepo => {
    const name = full ?? repoNames[0] ?? '';
    const repo = model.repos.get(name.toLowerCase());
    if (!repo) throw new Error(`fake GitHub serves no repository ${name}`);
    return repo;
  };
  const ownerOf = (repo: FakeRepo): FakeUser => model.user(repo.owner, 'Organization');

  // ---- route helpers -------------------------------------------------------------------------
  const repoOf = (ctx: Ctx): FakeRepo => {
    const repo = model.repo(ctx.params[0] ?? '', ctx.params[1] ?? '');
    if (!repo) throw new HttpError(404, 'Not Found');
    return repo;
  };
  const issueOf = (repo: FakeRepo, n: string | undefined): FakeIssue => {
    const issue = repo.issues.get(Number(n));
    if (!issue) throw new HttpError(404, 'Not Found');
    return issue;
  };
  const str = (ctx: Ctx, key: string, required = false): string | undefined => {
    const v = ctx.body[key];
    if (v === undefined || v === null) {
      if (required) throw new HttpError(422, `Invalid request.\n\n"${key}" wasn't supplied.`);
      return undefined;
    }
    if (typeof v !== 'string') throw new HttpError(422, `Invalid request.\n\nFor '${key}', ${JSON.stringify(v)} is not a string.`);
    return v;
  };
  const strings = (ctx: Ctx, key: string): string[] | undefined => {
    const v = ctx.body[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
      throw new HttpError(422, `Invalid request.\n\nFor '${key}', ${JSON.stringify(v)} is not an array of strings.`);
    }
    return v;
  };
  const page = <T>(ctx: Ctx, items: T[]): { status: number; body: T[]; headers: Record<string, string> } => {
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30));
    const pageNo = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string): string => {
      const q = new URLSearchParams(ctx.query);
      q.set('per_page', String(perPage));
      q.set('page', String(p));
      return `<${url}${ctx.path}?${q.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'));
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    return {
      status: 200,
      body: items.slice((pageNo - 1) * perPage, pageNo * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
    };
  };
  const touch = (issue: FakeIssue): void => {
    issue.updatedAt = model.now();
  };
  const setState = (issue: FakeIssue, state: unknown, reason: unknown, actor: FakeUser): void => {
    if (state === undefined) return;
    if (state !== 'open' && state !== 'closed') throw new HttpError(422, `Invalid request.\n\nFor 'state', ${JSON.stringify(state)} is not a valid value.`);
    if (state === 'closed' && issue.state === 'open') {
      issue.closedAt = model.now();
      issue.closedBy = actor;
      issue.stateReason = reason === 'not_planned' ? 'not_planned' : 'completed';
    }
    if (state === 'open' && issue.state === 'closed') {
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = 'reopened';
    }
    issue.state = state;
  };
  const newIssue = (repo: FakeRepo, actor: FakeUser, title: string, body: string | null, labels: string[]): FakeIssue => {
    const at = model.now();
    const issue: FakeIssue = {
      number: model.nextNumber(repo),
      id: model.id(),
      title,
      body,
      state: 'open',
      stateReason: null,
      labels: [],
      user: actor,
      commentIds: [],
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
    };
    for (const l of labels) addLabel(repo, issue, l);
    repo.issues.set(issue.number, issue);
    return issue;
  };
  const addLabel = (repo: FakeRepo, issue: FakeIssue, name: string): void => {
    // GitHub creates a label that does not exist yet when someone with push access applies it.
    const l = model.ensureLabel(repo, name);
    if (!issue.labels.some((x) => x.toLowerCase() === l.name.toLowerCase())) issue.labels.push(l.name);
  };
  const commentsOf = (repo: FakeRepo, issue: FakeIssue): Schemas['issue-comment'][] =>
    issue.commentIds.flatMap((id) => {
      const c = model.comments.get(id);
      return c ? [schema.issueComment(c, repo, urls)] : [];
    });
  const commentOf = (ctx: Ctx): { repo: FakeRepo; id: number } => {
    const repo = repoOf(ctx);
    const id = Number(ctx.params[2]);
    const c = model.comments.get(id);
    if (!c || c.repoKey !== `${repo.owner}/${repo.name}`.toLowerCase()) throw new HttpError(404, 'Not Found');
    return { repo, id };
  };
  const commitFile = (repo: FakeRepo, branch: string, path: string, text: string, message: string) => {
    const parent = repo.branches.get(branch);
    const files = repo.files.get(branch);
    if (!parent || !files) throw new HttpError(404, `Branch ${branch} not found`);
    const file = { content: text, sha: model.sha(`${path}:${text}`) };
    files.set(path, file);
    const commit = { sha: model.sha(`commit:${path}`), parent, message, at: model.now() };
    repo.branches.set(branch, commit.sha);
    repo.ahead.set(branch, (repo.ahead.get(branch) ?? 0) + 1);
    return { file, commit };
  };
  const reviewsOf = (repo: FakeRepo, n: number): FakeReview[] =>
    [...model.reviews.values()].filter((r) => r.repoKey === `${repo.owner}/${repo.name}`.toLowerCase() && r.pullNumber === n);
  const pullOf = (repo: FakeRepo, n: string | undefined): FakeIssue => {
    const issue = issueOf(repo, n);
    if (!issue.pull) throw new HttpError(404, 'Not Found');
    return issue;
  };

  // ---- routes --------------------------------------------------------------------------------
  const R = '/repos/([^/]+)/([^/]+)';
  const routes: [string, RegExp, Handler][] = [
    ['GET', re(`${R}`), (ctx) => ({ status: 200, body: schema.fullRepository(repoOf(ctx), ownerOf(repoOf(ctx)), urls) })],

    ['GET', re(`${R}/actions/runs/(\\d+)(?:/attempts/(\\d+))?`), (ctx) => {
      const repo = repoOf(ctx);
      const attempts = repo.workflowRuns.get(Number(ctx.params[2]));
      const run = ctx.params[3] === '' ? attempts?.at(-1) : attempts?.[Number(ctx.params[3]) - 1];
      if (!run) throw new HttpError(404, 'Not Found');
      return { status: 200, body: schema.workflowRun(run, repo, ownerOf(repo), urls) };
    }],

    ['GET', re(`${R}/compare/(.+?)\\.\\.\\.(.+)`), (ctx) => {
      const repo = repoOf(ctx);
      const dir = gitDirs.get(`${repo.owner}/${repo.name}`.toLowerCase());
      if (!dir) throw new HttpError(500, 'fake GitHub: compare needs useGitRepository() for this repository');
      const git = (...args: string[]): string | null => {
        try {
          return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
        } catch {
          return null;
        }
      };
      const resolve = (name: string): string => {
        const sha = git('rev-parse', '--verify', '--quiet', `${name}^{commit}`) ?? git('rev-parse', '--verify', '--quiet', `refs/heads/${name}^{commit}`);
        if (!sha) throw new HttpError(404, 'Not Found');
        return sha;
      };
      const base = resolve(decodeURIComponent(ctx.params[2] ?? ''));
      const head = resolve(decodeURIComponent(ctx.params[3] ?? ''));
      const counts = (git('rev-list', '--left-right', '--count', `${base}...${head}`) ?? '0 0').split(/\s+/).map(Number);
      const mergeBase = git('merge-base', base, head) ?? base;
      return { status: 200, body: schema.comparison({ base, head, mergeBase, behind: counts[0] ?? 0, ahead: counts[1] ?? 0 }, repo, urls) };
    }],

    ['GET', re(`${R}/collaborators/([^/]+)/permission`), (ctx) => {
      const repo = repoOf(ctx);
      const login = ctx.params[2] ?? '';
      const collaborator = repo.collaborators.get(login.toLowerCase());
      if (!collaborator) throw new HttpError(404, `${login} is not a user`);
      return { status: 200, body: schema.collaboratorPermission(collaborator.login, collaborator.roleName, model.user(collaborator.login), urls) };
    }],

    ['GET', re('/orgs/([^/]+)/teams/([^/]+)/memberships/([^/]+)'), (ctx) => {
      if (teamsForbidden) throw new HttpError(403, 'Resource not accessible by integration');
      if (teamsHidden) throw new HttpError(404, 'Not Found');
      const [org = '', slug = '', login = ''] = ctx.params;
      const state = model.teams.get(`${org}/${slug}`.toLowerCase())?.get(login.toLowerCase());
      if (!state) throw new HttpError(404, 'Not Found');
      return { status: 200, body: schema.teamMembership(org, slug, login, state, urls) };
    }],

    ['GET', re('/orgs/([^/]+)/teams/([^/]+)'), (ctx) => {
      if (teamsForbidden) throw new HttpError(403, 'Resource not accessible by integration');
      if (teamsHidden) throw new HttpError(404, 'Not Found');
      const [org = '', slug = ''] = ctx.params;
      const members = model.teams.get(`${org}/${slug}`.toLowerCase());
      if (!members) throw new HttpError(404, 'Not Found');
      return { status: 200, body: schema.teamFull(org, slug.toLowerCase(), members.size, urls) };
    }],

    ['POST', re(`${R}/issues`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = newIssue(repo, ctx.actor, str(ctx, 'title', true) ?? '', str(ctx, 'body') ?? null, strings(ctx, 'labels') ?? []);
      return { status: 201, body: schema.issue(issue, repo, urls) };
    }],
    ['GET', re(`${R}/issues`), (ctx) => {
      const repo = repoOf(ctx);
      const state = ctx.query.get('state') ?? 'open';
      const wanted = (ctx.query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
      const list = [...repo.issues.values()]
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
        .sort((a, b) => (ctx.query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number))
        .map((i) => schema.issue(i, repo, urls));
      return page(ctx, list);
    }],
    ['GET', re(`${R}/issues/(\\d+)`), (ctx) => {
      const repo = repoOf(ctx);
      return { status: 200, body: schema.issue(issueOf(repo, ctx.params[2]), repo, urls) };
    }],
    ['PATCH', re(`${R}/issues/(\\d+)`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(repo, ctx.params[2]);
      const title = str(ctx, 'title');
      if (title !== undefined) issue.title = title;
      if ('body' in ctx.body) issue.body = str(ctx, 'body') ?? null;
      const labels = strings(ctx, 'labels');
      if (labels) {
        issue.labels = [];
        for (const l of labels) addLabel(repo, issue, l);
      }
      setState(issue, ctx.body.state, ctx.body.state_reason, ctx.actor);
      touch(issue);
      return { status: 200, body: schema.issue(issue, repo, urls) };
    }],

    ['GET', re(`${R}/issues/(\\d+)/comments`), (ctx) => {
      const repo = repoOf(ctx);
      return page(ctx, commentsOf(repo, issueOf(repo, ctx.params[2])));
    }],
    ['POST', re(`${R}/issues/(\\d+)/comments`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(repo, ctx.params[2]);
      const c = model.addComment(repo, issue, ctx.actor, str(ctx, 'body', true) ?? '');
      return { status: 201, body: schema.issueComment(c, repo, urls) };
    }],
    ['GET', re(`${R}/issues/comments/(\\d+)`), (ctx) => {
      const { repo, id } = commentOf(ctx);
      const c = model.comments.get(id);
      if (!c) throw new HttpError(404, 'Not Found');
      return { status: 200, body: schema.issueComment(c, repo, urls) };
    }],
    ['PATCH', re(`${R}/issues/comments/(\\d+)`), (ctx) => {
      const { repo, id } = commentOf(ctx);
      const c = model.comments.get(id);
      if (!c) throw new HttpError(404, 'Not Found');
      c.body = str(ctx, 'body', true) ?? '';
      c.updatedAt = model.now();
      return { status: 200, body: schema.issueComment(c, repo, urls) };
    }],
    ['DELETE', re(`${R}/issues/comments/(\\d+)`), (ctx) => {
      const { repo, id } = commentOf(ctx);
      const c = model.comments.get(id);
      const issue = c ? repo.issues.get(c.issueNumber) : undefined;
      if (issue) issue.commentIds = issue.commentIds.filter((x) => x !== id);
      model.comments.delete(id);
      return { status: 204 };
    }],

    ['POST', re(`${R}/issues/(\\d+)/labels`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(repo, ctx.params[2]);
      for (const l of strings(ctx, 'labels') ?? []) addLabel(repo, issue, l);
      touch(issue);
      return { status: 200, body: schema.issue(issue, repo, urls).labels };
    }],
    ['DELETE', re(`${R}/issues/(\\d+)/labels/([^/]+)`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(repo, ctx.params[2]);
      const name = ctx.params[3] ?? ''.toLowerCase();
      if (!issue.labels.some((l) => l.toLowerCase() === name)) throw new HttpError(404, 'Label does not exist');
      issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
      touch(issue);
      return { status: 200, body: schema.issue(issue, repo, urls).labels };
    }],

    ['POST', re(`${R}/issues/comments/(\\d+)/reactions`), (ctx) => {
      const { id } = commentOf(ctx);
      const content = str(ctx, 'content', true);
      const allowed: FakeReaction['content'][] = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];
      const valid = allowed.find((a) => a === content);
      if (!valid) throw new HttpError(422, `Invalid request.\n\nFor 'content', ${JSON.stringify(content)} is not a valid reaction.`);
      const list = model.reactions.get(id) ?? [];
      const existing = list.find((r) => r.content === valid && r.user.id === ctx.actor.id);
      if (existing) return { status: 200, body: schema.reaction(existing, urls) };
      const r: FakeReaction = { id: model.id(), content: valid, user: ctx.actor, createdAt: model.now() };
      model.reactions.set(id, [...list, r]);
      return { status: 201, body: schema.reaction(r, urls) };
    }],
    ['GET', re(`${R}/issues/comments/(\\d+)/reactions`), (ctx) => {
      const { id } = commentOf(ctx);
      return page(ctx, (model.reactions.get(id) ?? []).map((r) => schema.reaction(r, urls)));
    }],

    ['POST', re(`${R}/git/refs`), (ctx) => {
      const repo = repoOf(ctx);
      const ref = str(ctx, 'ref', true) ?? '';
      const sha = str(ctx, 'sha', true) ?? '';
      const m = /^refs\/heads\/(.+)$/.exec(ref);
      if (!m?.[1]) throw new HttpError(422, `Reference name must start with 'refs/heads/' in this fake: ${ref}`);
      if (repo.branches.has(m[1])) throw new HttpError(422, 'Reference already exists');
      const source = [...repo.branches.entries()].find(([, s]) => s === sha);
      if (!source) throw new HttpError(422, 'Object does not exist');
      repo.branches.set(m[1], sha);
      repo.files.set(m[1], new Map(repo.files.get(source[0]) ?? []));
      repo.ahead.set(m[1], 0);
      return { status: 201, body: schema.gitRef(repo, m[1], sha, urls) };
    }],
    ['GET', re(`${R}/git/ref/heads/(.+)`), (ctx) => {
      const repo = repoOf(ctx);
      const branch = ctx.params[2] ?? '';
      const sha = repo.branches.get(branch);
      if (!sha) throw new HttpError(404, 'Not Found');
      return { status: 200, body: schema.gitRef(repo, branch, sha, urls) };
    }],
    ['DELETE', re(`${R}/git/refs/heads/(.+)`), (ctx) => {
      const repo = repoOf(ctx);
      const branch = ctx.params[2] ?? '';
      if (!repo.branches.has(branch)) throw new HttpError(422, 'Reference does not exist');
      repo.branches.delete(branch);
      repo.files.delete(branch);
      repo.ahead.delete(branch);
      return { status: 204 };
    }],

    ['PUT', re(`${R}/contents/(.+)`), (ctx) => {
      const repo = repoOf(ctx);
      const path = ctx.params[2] ?? '';
      const message = str(ctx, 'message', true) ?? '';
      const content = str(ctx, 'content', true) ?? '';
      const branch = str(ctx, 'branch') ?? repo.defaultBranch;
      const parent = repo.branches.get(branch);
      const files = repo.files.get(branch);
      if (!parent || !files) throw new HttpError(404, `Branch ${branch} not found`);
      const existing = files.get(path);
      const sha = str(ctx, 'sha');
      if (existing && sha !== existing.sha) throw new HttpError(422, `Invalid request.\n\n"sha" wasn't supplied or does not match ${path}.`);
      if (!/^[A-Za-z0-9+/=\s]*$/.test(content)) throw new HttpError(422, 'content is not valid Base64');
      const text = Buffer.from(content, 'base64').toString('utf8');
      const { file, commit } = commitFile(repo, branch, path, text, message);
      const body = schema.fileCommit(repo, path, branch, { sha: file.sha, size: Buffer.byteLength(text) }, commit, urls);
      return { status: existing ? 200 : 201, body };
    }],

    ['POST', re(`${R}/pulls`), (ctx) => {
      const repo = repoOf(ctx);
      const title = str(ctx, 'title', true) ?? '';
      const head = (str(ctx, 'head', true) ?? '').replace(/^[^:]+:/, '');
      const base = str(ctx, 'base', true) ?? '';
      const headSha = repo.branches.get(head);
      const baseSha = repo.branches.get(base);
      if (!headSha || !baseSha) throw new HttpError(422, `Validation Failed: ${!headSha ? 'head' : 'base'} branch does not exist`);
      if (headSha === baseSha) throw new HttpError(422, `Validation Failed: No commits between ${base} and ${head}`);
      const open = [...repo.issues.values()].find((i) => i.pull?.head === head && i.state === 'open');
      if (open) throw new HttpError(422, `Validation Failed: A pull request already exists for ${repo.owner}:${head}.`);
      const issue = newIssue(repo, ctx.actor, title, str(ctx, 'body') ?? null, []);
      issue.pull = {
        head,
        base,
        headSha,
        baseSha,
        merged: false,
        draft: ctx.body.draft === true,
        commits: repo.ahead.get(head) ?? 1,
        requestedReviewers: [],
        requestedTeams: [],
      };
      return { status: 201, body: schema.pullRequest(issue, repo, ownerOf(repo), urls) };
    }],
    ['GET', re(`${R}/pulls`), (ctx) => {
      const repo = repoOf(ctx);
      const state = ctx.query.get('state') ?? 'open';
      const head = ctx.query.get('head')?.replace(/^[^:]+:/, '');
      const list = [...repo.issues.values()]
        .filter((i) => i.pull && (state === 'all' || i.state === state) && (!head || i.pull.head === head))
        .sort((a, b) => b.number - a.number)
        .map((i) => schema.pullRequest(i, repo, ownerOf(repo), urls));
      return page(ctx, list);
    }],
    ['GET', re(`${R}/pulls/(\\d+)`), (ctx) => {
      const repo = repoOf(ctx);
      return { status: 200, body: schema.pullRequest(pullOf(repo, ctx.params[2]), repo, ownerOf(repo), urls) };
    }],
    ['PATCH', re(`${R}/pulls/(\\d+)`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = pullOf(repo, ctx.params[2]);
      const title = str(ctx, 'title');
      if (title !== undefined) issue.title = title;
      if ('body' in ctx.body) issue.body = str(ctx, 'body') ?? null;
      if (ctx.body.state === 'open' && issue.state === 'closed' && (issue.pull?.merged || !repo.branches.has(issue.pull?.head ?? ''))) {
        throw new HttpError(422, 'Validation Failed: state cannot be changed. The head branch was deleted or the pull request was merged.');
      }
      setState(issue, ctx.body.state, undefined, ctx.actor);
      touch(issue);
      return { status: 200, body: schema.pullRequest(issue, repo, ownerOf(repo), urls) };
    }],
    ['GET', re(`${R}/pulls/(\\d+)/reviews`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = pullOf(repo, ctx.params[2]);
      return page(ctx, reviewsOf(repo, issue.number).map((r) => schema.pullRequestReview(r, repo, urls)));
    }],
    ['GET', re(`${R}/pulls/(\\d+)/reviews/(\\d+)`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = pullOf(repo, ctx.params[2]);
      const review = reviewsOf(repo, issue.number).find((r) => r.id === Number(ctx.params[3]));
      if (!review) throw new HttpError(404, 'Not Found');
      return { status: 200, body: schema.pullRequestReview(review, repo, urls) };
    }],
    ['POST', re(`${R}/pulls/(\\d+)/requested_reviewers`), (ctx) => {
      const repo = repoOf(ctx);
      const issue = pullOf(repo, ctx.params[2]);
      const pull = issue.pull;
      if (!pull) throw new HttpError(404, 'Not Found');
      const users = strings(ctx, 'reviewers') ?? [];
      const teams = strings(ctx, 'team_reviewers') ?? [];
      // GitHub refuses the whole request when one reviewer cannot be asked.
      for (const login of users) {
        if (!repo.collaborators.has(login.toLowerCase())) {
          throw new HttpError(422, 'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' + `${repo.owner}/${repo.name} repository.`);
        }
        if (login.toLowerCase() === issue.user.login.toLowerCase()) throw new HttpError(422, 'Review cannot be requested from pull request author.');
      }
      for (const slug of teams) {
        if (!model.teams.has(`${repo.owner}/${slug}`.toLowerCase())) {
          throw new HttpError(422, 'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' + `${repo.owner}/${repo.name} repository.`);
        }
      }
      for (const login of users) if (!pull.requestedReviewers.includes(login)) pull.requestedReviewers.push(login);
      for (const slug of teams) if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
      touch(issue);
      return { status: 201, body: schema.pullRequest(issue, repo, ownerOf(repo), urls) };
    }],
  ];

  // ---- request handling ----------------------------------------------------------------------
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const full = new URL(req.url ?? '/', 'http://fake.local');
    const method = (req.method ?? 'GET').toUpperCase();
    // Octokit percent-encodes parameters such as `heads/main`; GitHub routes on the decoded path.
    const decoded = safeDecode(full.pathname);
    const path = basePath && decoded.startsWith(basePath) ? decoded.slice(basePath.length) || '/' : decoded;
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
    }
    requests.push({ method, path, query: full.searchParams, body, headers: req.headers });

    if (down === 'reset') {
      req.socket.destroy();
      return;
    }
    if (down) return send(res, 503, { message: 'Service Unavailable' });
    const failureAt = failures.findIndex((f) => matches({ method, path, query: full.searchParams, body, headers: req.headers }, { path: f.path }));
    const failure = failureAt >= 0 ? failures.splice(failureAt, 1)[0] : undefined;
    if (failure) {
      const headers: Record<string, string> = {};
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      const rateLimited = failure.status === 429 || (failure.status === 403 && failure.retryAfter !== undefined);
      const message = failure.message ?? (rateLimited ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' : 'Server Error');
      return send(res, failure.status, { message, documentation_url: 'https://docs.github.com/rest' }, headers);
    }
    if (basePath && !decoded.startsWith(basePath)) return send(res, 404, { message: 'Not Found' });
    const auth = req.headers.authorization ?? '';
    if (!/^(token|bearer) \S+/i.test(auth)) {
      return send(res, 401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
    }
    for (const [m, pattern, handler] of routes) {
      const match = m === method ? pattern.exec(path) : null;
      if (!match) continue;
      const ctx: Ctx = {
        method,
        path,
        query: full.searchParams,
        body: typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
        params: match.slice(1).map((p) => p ?? ''),
        actor: tokenUser,
      };
      try {
        const out = handler(ctx);
        return send(res, out.status, out.body, out.headers);
      } catch (error) {
        if (error instanceof HttpError) return send(res, error.status, { message: error.message, documentation_url: 'https://docs.github.com/rest' }, error.headers);
        return send(res, 500, { message: `fake GitHub bug: ${String(error)}` });
      }
    }
    return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  return {
    url,
    requests,
    tick: () => model.now(),
    useGitRepository: (gitDir, repoName) => {
      const repo = findRepo(repoName);
      gitDirs.set(`${repo.owner}/${repo.name}`.toLowerCase(), gitDir);
    },
    startWorkflowRun: (run, repoName) => {
      const repo = findRepo(repoName);
      const attempts = repo.workflowRuns.get(run.id) ?? [];
      const actor = model.user(run.actor);
      attempts.push({
        id: run.id,
        attempt: attempts.length + 1,
        event: run.event,
        status: 'in_progress',
        conclusion: null,
        createdAt: attempts[0]?.createdAt ?? run.at,
        updatedAt: run.at,
        actor: attempts[0]?.actor ?? actor,
        triggeringActor: actor,
        headSha: run.headSha,
      });
      repo.workflowRuns.set(run.id, attempts);
    },
    finishWorkflowRun: (id, conclusion, repoName) => {
      const run = findRepo(repoName).workflowRuns.get(id)?.at(-1);
      if (!run) throw new Error(`fake GitHub has no workflow run ${id}`);
      run.status = 'completed';
      run.conclusion = conclusion;
    },
    resetRequests: () => {
      requests.length = 0;
    },
    snapshot: () => ({ model: model.snapshot(), requests: [...requests], failures: failures.map((f) => ({ ...f })), down, teamsForbidden, teamsHidden }),
    restore: (snap) => {
      model.restore(snap.model);
      requests.splice(0, requests.length, ...snap.requests);
      failures.splice(0, failures.length, ...snap.failures.map((f) => ({ ...f })));
      ({ down, teamsForbidden, teamsHidden } = snap);
    },
    countRequests: (filter) => requests.filter((r) => matches(r, filter)).length,
    failNext: (count, status, o = {}) => {
      for (let i = 0; i < count; i++) failures.push({ status, ...o });
    },
    setDown: (d) => {
      down = d;
    },
    setTeamsForbidden: (f) => {
      teamsForbidden = f;
    },
    setTeamsHidden: (h) => {
      teamsHidden = h;
    },
    setBranch: (name, sha, repoName) => {
      const repo = findRepo(repoName);
      const known = repo.branches.get(name);
      repo.branches.set(name, sha);
      if (known === undefined) repo.files.set(name, new Map());
    },
    pushToBranch: (branch, path, content, repoName) => {
      const repo = findRepo(repoName);
      return commitFile(repo, branch, path, content, `edit ${path}`).commit.sha;
    },
    addReview: (n, r, repoName) => {
      const repo = findRepo(repoName);
      const issue = repo.issues.get(n);
      if (!issue?.pull) throw new Error(`fake GitHub: no pull request #${n} in ${repo.owner}/${repo.name}`);
      const user = model.user(r.login, r.type);
      const review: FakeReview = {
        id: model.id(),
        repoKey: `${repo.owner}/${repo.name}`.toLowerCase(),
        pullNumber: n,
        user,
        state: r.state,
        body: r.body ?? '',
        submittedAt: model.now(),
        commitId: repo.branches.get(issue.pull.head) ?? issue.pull.headSha,
      };
      model.reviews.set(review.id, review);
      issue.pull.requestedReviewers = issue.pull.requestedReviewers.filter((l) => l.toLowerCase() !== user.login.toLowerCase());
      touch(issue);
      return schema.pullRequestReview(review, repo, urls);
    },
    reviews: (n, repoName) => {
      const repo = findRepo(repoName);
      return reviewsOf(repo, n).map((r) => schema.pullRequestReview(r, repo, urls));
    },
    closePull: (n, login, opts = {}, repoName) => {
      const repo = findRepo(repoName);
      const issue = repo.issues.get(n);
      if (!issue?.pull) throw new Error(`fake GitHub: no pull request #${n} in ${repo.owner}/${repo.name}`);
      setState(issue, 'closed', undefined, model.user(login));
      issue.pull.merged = opts.merged === true;
      touch(issue);
      return schema.pullRequest(issue, repo, ownerOf(repo), urls);
    },
    addCollaborator: (login, roleName, repo) => {
      model.user(login);
      findRepo(repo).collaborators.set(login.toLowerCase(), { login, roleName });
    },
    addTeamMember: (org, slug, login, state = 'active') => {
      const key = `${org}/${slug}`.toLowerCase();
      const members = model.teams.get(key) ?? new Map<string, 'active' | 'pending'>();
      members.set(login.toLowerCase(), state);
      model.teams.set(key, members);
    },
    addComment: (n, c, repoName) => {
      const repo = findRepo(repoName);
      const issue = repo.issues.get(n);
      if (!issue) throw new Error(`fake GitHub: no issue #${n} in ${repo.owner}/${repo.name}`);
      return schema.issueComment(model.addComment(repo, issue, model.user(c.login, c.type), c.body), repo, urls);
    },
    addIssue: (i, repoName) => {
      const repo = findRepo(repoName);
      return schema.issue(newIssue(repo, model.user(i.login), i.title, i.body ?? null, i.labels ?? []), repo, urls);
    },
    issue: (n, repoName) => {
      const repo = findRepo(repoName);
      const issue = repo.issues.get(n);
      return issue ? schema.issue(issue, repo, urls) : undefined;
    },
    pull: (n, repoName) => {
      const repo = findRepo(repoName);
      const issue = repo.issues.get(n);
      return issue?.pull ? schema.pullRequest(issue, repo, ownerOf(repo), urls) : undefined;
    },
    comments: (n, repoName) => {
      const repo = findRepo(repoName);
      const issue = repo.issues.get(n);
      return issue ? commentsOf(repo, issue) : [];
    },
    reactions: (id) => (model.reactions.get(id) ?? []).map((r) => schema.reaction(r, urls)),
    branch: (name, repoName) => findRepo(repoName).branches.get(name),
    file: (path, branch, repoName) => findRepo(repoName).files.get(branch)?.get(path)?.content,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

function matches(r: LoggedRequest, filter?: RequestFilter): boolean {
  if (!filter) return true;
  if (typeof filter === 'function') return filter(r);
  if (filter.method && filter.method.toUpperCase() !== r.method) return false;
  if (filter.path instanceof RegExp) return filter.path.test(r.path);
  if (typeof filter.path === 'string') return filter.path === r.path;
  return true;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function re(pattern: string): RegExp {
  return new RegExp(`^${pattern}/?$`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
