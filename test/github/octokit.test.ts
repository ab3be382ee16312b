import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, type CreateOctokitOptions } from '../../src/github/octokit.js';
import { GitHubApiError } from '../../src/github/api-error.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const repo = { owner: 'octo-org', repo: 'deploys' };

describe('createOctokit against the fake GitHub', () => {
  let gh: FakeGitHub;
  const client = (extra: Partial<CreateOctokitOptions> = {}) =>
    createOctokit({ token: 't0k', baseUrl: gh.url, retryAfterBaseValue: 1, pacing: false, log: { warn: () => {} }, ...extra });

  beforeEach(async () => {
    gh = await startFakeGitHub();
  });
  afterEach(async () => {
    await gh.close();
  });

  it('works under a GHES-style base path like /api/v3', async () => {
    const ghes = await startFakeGitHub({ basePath: '/api/v3' });
    try {
      expect(ghes.url).toMatch(/\/api\/v3$/);
      const octokit = createOctokit({ token: 't', baseUrl: ghes.url, pacing: false });
      const { data } = await octokit.rest.repos.get(repo);
      expect(data.full_name).toBe('octo-org/deploys');
      expect(ghes.requests[0]?.path).toBe('/repos/octo-org/deploys');
    } finally {
      await ghes.close();
    }
  });

  it('defaults the base URL to GITHUB_API_URL', async () => {
    const saved = process.env.GITHUB_API_URL;
    process.env.GITHUB_API_URL = gh.url;
    try {
      const { data } = await createOctokit({ token: 't', pacing: false }).rest.repos.get(repo);
      expect(data.default_branch).toBe('main');
    } finally {
      if (saved === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = saved;
    }
  });

  it('retries a 502 and then succeeds, counting both HTTP attempts but one call', async () => {
    const seen: string[] = [];
    const octokit = client({ onRequest: (method, url) => seen.push(`${method} ${new URL(url).pathname}`) });
    gh.failNext(1, 502);
    const { data } = await octokit.rest.repos.get(repo);
    expect(data.name).toBe('deploys');
    expect(octokit.counts).toEqual({ http: 2, calls: 1 });
    expect(seen).toEqual(['GET /repos/octo-org/deploys', 'GET /repos/octo-org/deploys']);
  });

  it('honours a 429 secondary rate limit with retry-after, then succeeds', async () => {
    const warnings: string[] = [];
    const octokit = client({ log: { warn: (m) => warnings.push(m) } });
    gh.failNext(1, 429, { retryAfter: 1 });
    const { data } = await octokit.rest.repos.get(repo);
    expect(data.name).toBe('deploys');
    expect(gh.countRequests({ method: 'GET', path: '/repos/octo-org/deploys' })).toBe(2);
    expect(warnings.join('\n')).toMatch(/secondary rate limit.*retrying in 1s/);
  });

  it('retries a bare 429 (no rate-limit message) after its retry-after', async () => {
    const octokit = client();
    gh.failNext(1, 429, { retryAfter: 0, message: 'Too Many Requests' });
    await expect(octokit.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
    expect(octokit.counts.http).toBe(2);
  });

  it('gives up on a rate limit after the allowed retries with a clear message', async () => {
    const octokit = client({ retries: 2 });
    gh.failNext(10, 429, { retryAfter: 0 });
    await expect(octokit.rest.repos.get(repo)).rejects.toThrow(/GitHub rate limit exceeded on GET \/repos\/octo-org\/deploys.*re-run/);
    expect(octokit.counts.http).toBe(3);
  });

  it('gives up when GitHub is down, saying what failed and after how many retries', async () => {
    const octokit = client({ retries: 2 });
    gh.setDown(true);
    const p = octokit.rest.repos.get(repo);
    await expect(p).rejects.toThrow(GitHubApiError);
    await expect(p).rejects.toThrow('GitHub API GET /repos/octo-org/deploys failed with HTTP 503 after 2 retries: Service Unavailable');
    expect(octokit.counts.http).toBe(3);
  });

  it('says GitHub could not be reached when connections drop', async () => {
    const octokit = client({ retries: 1 });
    gh.setDown('reset');
    await expect(octokit.rest.repos.get(repo)).rejects.toThrow(/Could not reach GitHub at http:\/\/127\.0\.0\.1:\d+ \(GET \/repos\/octo-org\/deploys\).*Check the network/);
    expect(octokit.counts.http).toBe(2);
  });

  it('does not retry a 404 and keeps its status', async () => {
    const octokit = client();
    const p = octokit.rest.issues.get({ ...repo, issue_number: 99 });
    await expect(p).rejects.toMatchObject({ name: 'GitHubApiError', status: 404 });
    expect(octokit.counts.http).toBe(1);
  });

  it('sends the token as the Authorization header', async () => {
    await expect(client().rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
    expect(gh.requests[0]?.headers.authorization).toBe('token t0k');
  });

  it('refuses an empty token before any request, naming the input', () => {
    expect(() => createOctokit({ token: ' ', baseUrl: gh.url, pacing: false })).toThrow(/github-token input is empty/);
    expect(gh.requests).toHaveLength(0);
  });

  it("is @actions/github's Octokit: the orchestration id reaches the user agent", async () => {
    const saved = process.env['ACTIONS_ORCHESTRATION_ID'];
    process.env['ACTIONS_ORCHESTRATION_ID'] = 'orch-1';
    try {
      await client().rest.repos.get(repo);
    } finally {
      if (saved === undefined) delete process.env['ACTIONS_ORCHESTRATION_ID'];
      else process.env['ACTIONS_ORCHESTRATION_ID'] = saved;
    }
    expect(gh.requests[0]?.headers['user-agent']).toMatch(/^sop-engine .*actions_orchestration_id\/orch-1/);
  });

  it('paginates over more than 100 comments', async () => {
    const issue = gh.addIssue({ login: 'alice', title: 'many' });
    for (let i = 1; i <= 250; i++) gh.addComment(issue.number, { login: 'bob', body: `c${i}` });
    const octokit = client();
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue.number, per_page: 100 });
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `c${i + 1}`));
    expect(octokit.counts).toEqual({ http: 3, calls: 3 });
  });
});
