import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkEligibility, roleOf, type EligibilityRequest } from '../../src/github/eligibility.js';
import { GitHubApiError } from '../../src/github/api-error.js';
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const repo = { owner: 'octo-org', repo: 'deploys' };

describe('checkEligibility (SPEC 5.5 rules 1-3)', () => {
  let gh: FakeGitHub;
  let octokit: GitHubClient;
  const check = (login: string, extra: Partial<EligibilityRequest> = {}) =>
    checkEligibility(octokit, repo, { login, userType: 'User', approverPermission: 'write', approvers: [], ...extra });

  beforeAll(async () => {
    gh = await startFakeGitHub();
    for (const [login, role] of [
      ['ada', 'admin'],
      ['max', 'maintain'],
      ['wes', 'write'],
      ['tia', 'triage'],
      ['rea', 'read'],
      ['cus', 'deployer'],
    ] as const) {
      gh.addCollaborator(login, role);
    }
    gh.addTeamMember('octo-org', 'release', 'wes');
    gh.addTeamMember('octo-org', 'release', 'max', 'pending');
  });
  afterAll(async () => {
    await gh.close();
  });
  beforeEach(() => {
    gh.setDown(false);
    gh.setTeamsForbidden(false);
    gh.setTeamsHidden(false);
    octokit = createOctokit({ token: 't', baseUrl: gh.url, retries: 1, retryAfterBaseValue: 1, pacing: false, log: { warn: () => {} } });
  });

  it.each(['ada', 'max', 'wes'])('%s passes when write is needed', async (login) => {
    await expect(check(login)).resolves.toEqual({ ok: true, teams: [] });
  });

  it('refuses triage when write is needed, but passes it when triage is enough', async () => {
    await expect(check('tia')).resolves.toMatchObject({ ok: false, rule: 2, reason: expect.stringContaining('has only triage permission') });
    await expect(check('tia', { approverPermission: 'triage' })).resolves.toEqual({ ok: true, teams: [] });
  });

  it('compares on role_name: write is not enough when maintain is needed', async () => {
    await expect(check('wes', { approverPermission: 'maintain' })).resolves.toMatchObject({ ok: false, rule: 2 });
    await expect(check('max', { approverPermission: 'maintain' })).resolves.toMatchObject({ ok: true });
  });

  it('refuses read-only users', async () => {
    const r = await check('rea');
    expect(r).toMatchObject({ ok: false, rule: 2 });
    if (!r.ok) expect(r.reason).toBe('@rea has only read permission on octo-org/deploys; approvers need at least write permission (Action input approver-permission).');
  });

  it('refuses an outsider (404) under rule 2', async () => {
    await expect(check('eve')).resolves.toMatchObject({ ok: false, rule: 2, reason: expect.stringContaining('@eve is not a collaborator') });
  });

  it('maps a custom role through its base permissions', async () => {
    await expect(check('cus')).resolves.toMatchObject({ ok: true });
    expect(roleOf('deployer', 'write')).toBe('write');
    expect(roleOf('deployer', 'read', { pull: true, triage: true })).toBe('triage');
    expect(roleOf('weird', 'none')).toBe('none');
  });

  it('ignores bots silently without calling the API', async () => {
    gh.resetRequests();
    await expect(check('github-actions[bot]', { userType: 'Bot' })).resolves.toMatchObject({ ok: false, rule: 1, silent: true });
    await expect(check('renovate[bot]')).resolves.toMatchObject({ ok: false, rule: 1, silent: true });
    await expect(check('helper', { userType: 'Bot' })).resolves.toMatchObject({ ok: false, rule: 1, silent: true });
    expect(gh.countRequests()).toBe(0);
  });

  it('passes a listed login, case-insensitively, without looking up teams', async () => {
    gh.resetRequests();
    await expect(check('ADA', { approvers: ['@octo-org/release', 'Ada'] })).resolves.toEqual({ ok: true, teams: [] });
    expect(gh.countRequests({ path: /\/teams\// })).toBe(0);
  });

  it('passes an active member of a listed team and names the team', async () => {
    await expect(check('wes', { approvers: ['someone', '@octo-org/release'] })).resolves.toEqual({ ok: true, teams: ['@octo-org/release'] });
  });

  it('refuses a non-member, and a pending membership, under rule 3', async () => {
    await expect(check('ada', { approvers: ['@octo-org/release'] })).resolves.toMatchObject({
      ok: false,
      rule: 3,
      reason: expect.stringContaining('@ada is not one of the SOP\'s approvers (@octo-org/release)'),
    });
    await expect(check('max', { approvers: ['@octo-org/release'] })).resolves.toMatchObject({ ok: false, rule: 3 });
  });

  it('with GITHUB_TOKEN (teams answer 403) a team member is refused with the token to pass and why', async () => {
    gh.setTeamsForbidden(true);
    const r = await check('wes', { approvers: ['@octo-org/release'] });
    expect(r).toMatchObject({ ok: false, rule: 3 });
    if (!r.ok) {
      expect(r.reason).toContain('the token cannot see the members of @octo-org/release');
      expect(r.reason).toContain('GITHUB_TOKEN cannot read org team membership');
      expect(r.reason).toContain('read:org');
      expect(r.reason).toContain('as the github-token input');
    }
  });

  it('with GITHUB_TOKEN (teams answer 404) the refusal also names the token, not "not a member"', async () => {
    gh.setTeamsHidden(true);
    const r = await check('wes', { approvers: ['@octo-org/release'] });
    expect(r).toMatchObject({ ok: false, rule: 3 });
    if (!r.ok) expect(r.reason).toContain('GITHUB_TOKEN cannot read org team membership');
  });

  it('a token that can read teams tells a real non-member apart (no token hint)', async () => {
    const r = await check('ada', { approvers: ['@octo-org/release'] });
    expect(r).toMatchObject({ ok: false, rule: 3 });
    if (!r.ok) expect(r.reason).not.toContain('GITHUB_TOKEN');
  });

  it('codeowners: a login or team member that CODEOWNERS gives the file passes, marked as codeowners', async () => {
    await expect(check('ada', { approvers: ['codeowners'], codeowners: ['ada'] })).resolves.toEqual({ ok: true, teams: ['codeowners'] });
    await expect(check('wes', { approvers: ['codeowners'], codeowners: ['@octo-org/release'] })).resolves.toEqual({
      ok: true,
      teams: ['@octo-org/release', 'codeowners'],
    });
    const r = await check('max', { approvers: ['codeowners'], codeowners: ['ada'] });
    expect(r).toMatchObject({ ok: false, rule: 3, reason: expect.stringContaining('(codeowners: ada)') });
  });

  it('fails closed: API down throws GitHubApiError and never approves', async () => {
    gh.setDown(true);
    const p = check('ada');
    await expect(p).rejects.toThrow(GitHubApiError);
    await expect(p).rejects.toThrow(/Could not read @ada's permission on octo-org\/deploys: .*503.* Nothing was approved/);
  });

  it('fails closed when the team lookup fails with a server error after retries', async () => {
    gh.failNext(5, 500, { path: /\/teams\// });
    const p = check('wes', { approvers: ['@octo-org/release'] });
    await expect(p).rejects.toThrow(GitHubApiError);
    await expect(p).rejects.toThrow(/Could not check whether @wes is a member of @octo-org\/release: .*HTTP 500 after 1 retry.*Nothing was approved/);
  });

  it('a 502 on the permission check is retried and does not change the answer', async () => {
    gh.failNext(1, 502, { path: /\/permission$/ });
    await expect(check('rea')).resolves.toMatchObject({ ok: false, rule: 2 });
  });
});
