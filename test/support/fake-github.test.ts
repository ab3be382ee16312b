import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

const repo = { owner: 'octo-org', repo: 'deploys' };

describe('fake GitHub: pull-request channel routes', () => {
  let gh: FakeGitHub;
  let octokit: GitHubClient;

  beforeAll(async () => {
    gh = await startFakeGitHub({ repos: ['octo-org/deploys', 'octo-org/other'] });
    octokit = createOctokit({ token: 't', baseUrl: gh.url, retryAfterBaseValue: 1, pacing: false, log: { warn: () => {} } });
  });
  afterAll(async () => {
    await gh.close();
  });

  it('creates a branch, commits a file, opens, lists, closes a PR and deletes the branch', async () => {
    const { data: repoData } = await octokit.rest.repos.get(repo);
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${repoData.default_branch}` });
    const branch = 'sop-approvals/run-20261126-k3f9x2/step-2';
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha });
    await expect(octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha })).rejects.toMatchObject({ status: 422 });

    const path = '.sop/approvals/deploy-frontend/run-20261126-k3f9x2-step-2.md';
    const { data: put } = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path,
      branch,
      message: 'sop: approval request',
      content: Buffer.from('# Approve step 2\n').toString('base64'),
    });
    expect(put.commit.parents?.[0]?.sha).toBe(main.object.sha);
    expect(gh.file(path, branch)).toBe('# Approve step 2\n');
    expect(gh.file(path, 'main')).toBeUndefined();

    const { data: pr } = await octokit.rest.pulls.create({ ...repo, title: 'Approve step 2', head: branch, base: 'main', body: 'b' });
    const issue = gh.addIssue({ login: 'alice', title: 'shares the number sequence' });
    expect(issue.number).toBe(pr.number + 1);
    expect(pr.head.sha).toBe(put.commit.sha);
    const { data: listed } = await octokit.rest.pulls.list({ ...repo, head: `octo-org:${branch}` });
    expect(listed.map((p) => p.number)).toEqual([pr.number]);
    const { data: asIssue } = await octokit.rest.issues.get({ ...repo, issue_number: pr.number });
    expect(asIssue.pull_request?.url).toContain(`/pulls/${pr.number}`);

    await octokit.rest.pulls.update({ ...repo, pull_number: pr.number, state: 'closed' });
    expect(gh.pull(pr.number)).toMatchObject({ state: 'closed', merged: false });
    await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
    expect(gh.branch(branch)).toBeUndefined();
    await expect(octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).rejects.toMatchObject({ status: 404 });
  });

  it('keeps repositories apart and answers unknown routes with 404 JSON', async () => {
    const { data } = await octokit.rest.issues.create({ owner: 'octo-org', repo: 'other', title: 'x' });
    expect(data.number).toBe(1);
    expect(data.repository_url).toBe(`${gh.url}/repos/octo-org/other`);
    await expect(octokit.request('GET /nope')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('Not Found') });
    await expect(octokit.rest.repos.get({ owner: 'octo-org', repo: 'missing' })).rejects.toMatchObject({ status: 404 });
  });

  it('logs requests with bodies and counts them by filter', async () => {
    gh.resetRequests();
    await octokit.rest.issues.create({ ...repo, title: 'logged', labels: ['sop'] });
    await octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(gh.requests[0]).toMatchObject({ method: 'POST', path: '/repos/octo-org/deploys/issues', body: { title: 'logged', labels: ['sop'] } });
    expect(gh.countRequests({ method: 'POST' })).toBe(1);
    expect(gh.countRequests({ path: /\/issues/ })).toBe(2);
    expect(gh.countRequests((r) => r.method === 'GET')).toBe(1);
  });
});
