// "Who may approve" (SPEC 5.5 rules 1-3), checked through the REST API; fails closed on API errors.
import { GitHubApiError, errorStatus, errorText } from './api-error.js';
import { CODEOWNERS_ENTRY, expandApprovers } from './codeowners.js';
import type { GitHubClient } from './octokit.js';
import type { RepoRef } from './repo.js';

export type ApproverPermission = 'triage' | 'write' | 'maintain' | 'admin';
export const APPROVER_PERMISSIONS: readonly ApproverPermission[] = ['triage', 'write', 'maintain', 'admin'];

type Role = 'none' | 'read' | ApproverPermission;
const ROLE_ORDER: readonly Role[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin'];

export interface EligibilityRequest {
  login: string;
  /** `user.type` from the event: 'User', 'Bot', 'Organization', … */
  userType: string;
  approverPermission: ApproverPermission;
  /** The SOP's approval.approvers: logins, `@org/team` entries and `codeowners`. */
  approvers: string[];
  /** What `codeowners` stands for: the owners CODEOWNERS gives the SOP file (logins and teams), resolved by the caller. */
  codeowners?: string[];
}

/** The token GitHub's org-team endpoints need; GITHUB_TOKEN is an installation token without org read access. */
export const TEAM_TOKEN_HINT =
  'GITHUB_TOKEN cannot read org team membership: pass a GitHub App installation token with the "Members: read" organization permission, or a personal access token with the read:org scope, as the github-token input';

export type Eligibility =
  | { ok: true; teams: string[] }
  | { ok: false; rule: 1 | 2 | 3; reason: string; silent?: boolean };

export function isBot(login: string, userType: string): boolean {
  return userType === 'Bot' || login.toLowerCase().endsWith('[bot]');
}

/**
 * Rules 1-3 for one person. A refusal is a value; any API failure other than the documented
 * "not a collaborator / not a member" 404s throws GitHubApiError, so nothing is ever approved
 * because GitHub could not be asked.
 *
 * `teams` holds the approver entries that let the person through, for the engine's rule 3: the
 * team (the search stops at the first active membership to stay inside the API budget), and
 * `codeowners` when the person or their team came from CODEOWNERS. Empty when their login is
 * listed or the SOP lists no approvers.
 */
export async function checkEligibility(gh: GitHubClient, repo: RepoRef, req: EligibilityRequest): Promise<Eligibility> {
  const who = `@${req.login}`;
  if (isBot(req.login, req.userType)) {
    return { ok: false, rule: 1, reason: `${who} is a bot; commands from bots are ignored.`, silent: true };
  }

  const role = await repositoryRole(gh, repo, req.login);
  if (ROLE_ORDER.indexOf(role) < ROLE_ORDER.indexOf(req.approverPermission)) {
    const has = role === 'none' ? 'is not a collaborator' : `has only ${role} permission`;
    return {
      ok: false,
      rule: 2,
      reason: `${who} ${has} on ${repo.owner}/${repo.repo}; approvers need at least ${req.approverPermission} permission (Action input approver-permission).`,
    };
  }

  if (req.approvers.length === 0) return { ok: true, teams: [] };
  const owners = req.codeowners ?? [];
  const fromCodeowners = (entry: string): string[] =>
    req.approvers.includes(CODEOWNERS_ENTRY) && owners.some((o) => o.toLowerCase() === entry.toLowerCase()) ? [CODEOWNERS_ENTRY] : [];
  const approvers = expandApprovers(req.approvers.filter((a) => a !== CODEOWNERS_ENTRY || req.codeowners), owners);
  const login = approvers.find((a) => !isTeam(a) && a.replace(/^@/, '').toLowerCase() === req.login.toLowerCase());
  if (login !== undefined) return { ok: true, teams: fromCodeowners(login) };

  const teams = approvers.filter(isTeam);
  const unreadable: string[] = [];
  for (const team of teams) {
    const membership = await teamMembership(gh, team, req.login);
    if (membership === 'active') return { ok: true, teams: [team, ...fromCodeowners(team)] };
    if (membership === 'unreadable') unreadable.push(team);
  }
  const shown = req.approvers.map((a) => (a === CODEOWNERS_ENTRY && req.codeowners ? `codeowners: ${owners.join(' ') || 'none'}` : a));
  const listed = `${who} is not one of the SOP's approvers (${shown.join(', ')})`;
  if (unreadable.length > 0) {
    return {
      ok: false,
      rule: 3,
      reason: `${listed}, and the token cannot see the members of ${unreadable.join(', ')}. ${TEAM_TOKEN_HINT}.`,
    };
  }
  return { ok: false, rule: 3, reason: `${listed}.` };
}

function isTeam(entry: string): boolean {
  return /^@[^/\s]+\/[^/\s]+$/.test(entry);
}

function failClosed(what: string, error: unknown): GitHubApiError {
  const text = errorText(error).replace(/\.?$/, '.');
  return new GitHubApiError(
    `${what}: ${text} Nothing was approved and the run is unchanged; re-run the workflow once GitHub answers.`,
    { status: errorStatus(error), cause: error },
  );
}

async function repositoryRole(gh: GitHubClient, repo: RepoRef, login: string): Promise<Role> {
  try {
    const { data } = await gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    return roleOf(data.role_name, data.permission, data.user?.permissions);
  } catch (error) {
    if (errorStatus(error) === 404) return 'none';
    throw failClosed(`Could not read @${login}'s permission on ${repo.owner}/${repo.repo}`, error);
  }
}

/** role_name distinguishes triage and maintain; a custom role falls back to its base permissions. */
export function roleOf(
  roleName: string,
  permission: string,
  flags?: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean },
): Role {
  const known = ROLE_ORDER.find((r) => r === roleName);
  if (known) return known;
  if (flags) {
    if (flags.admin) return 'admin';
    if (flags.maintain) return 'maintain';
    if (flags.push) return 'write';
    if (flags.triage) return 'triage';
    if (flags.pull) return 'read';
  }
  const base: Record<string, Role> = { admin: 'admin', write: 'write', read: 'read', none: 'none' };
  return base[permission] ?? 'none';
}

/**
 * GitHub answers a membership lookup with 404 both for a non-member and for a team the token
 * cannot see (GITHUB_TOKEN gets 404 or 403): only after a 404 is the team itself looked up, so
 * "not a member" is told apart from "this token cannot read teams" at one extra call, on refusals only.
 */
async function teamMembership(gh: GitHubClient, team: string, login: string): Promise<'active' | 'none' | 'unreadable'> {
  const [org = '', slug = ''] = team.slice(1).split('/');
  try {
    const { data } = await gh.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
    return data.state === 'active' ? 'active' : 'none';
  } catch (error) {
    const status = errorStatus(error);
    if (status === 403) return 'unreadable';
    if (status !== 404) throw failClosed(`Could not check whether @${login} is a member of ${team}`, error);
  }
  try {
    await gh.rest.teams.getByName({ org, team_slug: slug });
    return 'none';
  } catch (error) {
    const status = errorStatus(error);
    if (status === 404 || status === 403) return 'unreadable';
    throw failClosed(`Could not look up team ${team}`, error);
  }
}
