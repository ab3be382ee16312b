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

  it('requests reviewers (collaborators and teams only), records reviews, and shows pushes and closes', async () => {
    gh.addCollaborator('bob', 'write');
    gh.addTeamMember('octo-org', 'sre', 'tina');
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const branch = 'sop-approvals/run-20261126-abcdef/step-1';
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha });
    const { data: put } = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo, path: 'a.md', branch, message: 'm', content: Buffer.from('a').toString('base64'),
    });
    const { data: pr } = await octokit.rest.pulls.create({ ...repo, title: 't', head: branch, base: 'main', body: 'b' });
    expect(pr.commits).toBe(1);
    await expect(octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ['stranger'] })).rejects.toMatchObject({ status: 422 });
    await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ['bob'], team_reviewers: ['sre'] });
    expect(gh.pull(pr.number)?.requested_reviewers?.map((u) => u.login)).toEqual(['bob']);
    expect(gh.pull(pr.number)?.requested_teams?.map((t) => t.slug)).toEqual(['sre']);

    const review = gh.addReview(pr.number, { login: 'bob', state: 'APPROVED', body: 'ok' });
    expect(review.commit_id).toBe(put.commit.sha);
    const { data: fetched } = await octokit.rest.pulls.getReview({ ...repo, pull_number: pr.number, review_id: Number(review.id) });
    expect(fetched).toMatchObject({ state: 'APPROVED', body: 'ok', user: { login: 'bob' }, submitted_at: review.submitted_at });
    await expect(octokit.rest.pulls.getReview({ ...repo, pull_number: pr.number, review_id: 1 })).rejects.toMatchObject({ status: 404 });
    expect(gh.pull(pr.number)?.requested_reviewers).toEqual([]);

    const pushed = gh.pushToBranch(branch, 'b.md', 'extra');
    expect(gh.pull(pr.number)).toMatchObject({ head: { sha: pushed } });
    expect(gh.closePull(pr.number, 'bob')).toMatchObject({ state: 'closed', merged: false });
  });

  it('answers team lookups as GitHub does for a token that can, cannot (403) or may not see teams (404)', async () => {
    gh.addTeamMember('octo-org', 'ops', 'tina');
    await expect(octokit.rest.teams.getByName({ org: 'octo-org', team_slug: 'ops' })).resolves.toMatchObject({ data: { slug: 'ops', members_count: 1 } });
    gh.setTeamsHidden(true);
    await expect(octokit.rest.teams.getByName({ org: 'octo-org', team_slug: 'ops' })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.teams.getMembershipForUserInOrg({ org: 'octo-org', team_slug: 'ops', username: 'tina' })).rejects.toMatchObject({ status: 404 });
    gh.setTeamsHidden(false);
    gh.setTeamsForbidden(true);
    await expect(octokit.rest.teams.getByName({ org: 'octo-org', team_slug: 'ops' })).rejects.toMatchObject({ status: 403 });
    gh.setTeamsForbidden(false);
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
