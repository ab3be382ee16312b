// Response bodies of the fake GitHub, typed as GitHub's own REST schemas so a drifting fake fails to compile.
import type { components } from '@octokit/openapi-types';
import type { FakeComment, FakeIssue, FakeLabel, FakeReaction, FakeRepo, FakeReview, FakeUser } from './fake-github-model.js';

type Schemas = components['schemas'];

/** Where URLs in responses point: the fake's API base and a pretend web host. */
export interface Urls {
  api: string;
  web: string;
}

export function simpleUser(u: FakeUser, urls: Urls): Schemas['simple-user'] {
  const api = `${urls.api}/users/${u.login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId('U', u.id),
    avatar_url: `https://avatars.example/u/${u.id}`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${u.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: u.type,
    site_admin: false,
  };
}

export function label(l: FakeLabel, repo: FakeRepo, urls: Urls): Schemas['label'] {
  return {
    id: l.id,
    node_id: nodeId('LA', l.id),
    url: `${repoApi(repo, urls)}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: null,
    color: l.color,
    default: false,
  };
}

function repoLabels(issue: FakeIssue, repo: FakeRepo, urls: Urls): Schemas['label'][] {
  return issue.labels.flatMap((name) => {
    const l = repo.labels.get(name.toLowerCase());
    return l ? [label(l, repo, urls)] : [];
  });
}

export function issue(i: FakeIssue, repo: FakeRepo, urls: Urls): Schemas['issue'] {
  const api = `${repoApi(repo, urls)}/issues/${i.number}`;
  const web = `${repoWeb(repo, urls)}/${i.pull ? 'pull' : 'issues'}/${i.number}`;
  const body: Schemas['issue'] = {
    id: i.id,
    node_id: nodeId('I', i.id),
    url: api,
    repository_url: repoApi(repo, urls),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: web,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: simpleUser(i.user, urls),
    labels: repoLabels(i, repo, urls),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    comments: i.commentIds.length,
    closed_at: i.closedAt,
    closed_by: i.closedBy ? simpleUser(i.closedBy, urls) : null,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: 'NONE',
  };
  if (i.pull) {
    const pullApi = `${repoApi(repo, urls)}/pulls/${i.number}`;
    body.pull_request = { url: pullApi, html_url: web, diff_url: `${web}.diff`, patch_url: `${web}.patch`, merged_at: null };
  }
  return body;
}

export function issueComment(c: FakeComment, repo: FakeRepo, urls: Urls): Schemas['issue-comment'] {
  return {
    id: c.id,
    node_id: nodeId('IC', c.id),
    url: `${repoApi(repo, urls)}/issues/comments/${c.id}`,
    html_url: `${repoWeb(repo, urls)}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: simpleUser(c.user, urls),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${repoApi(repo, urls)}/issues/${c.issueNumber}`,
    author_association: c.user.type === 'Bot' ? 'NONE' : repo.collaborators.has(c.user.login.toLowerCase()) ? 'COLLABORATOR' : 'NONE',
  };
}

export function reaction(r: FakeReaction, urls: Urls): Schemas['reaction'] {
  return { id: r.id, node_id: nodeId('REA', r.id), user: simpleUser(r.user, urls), content: r.content, created_at: r.createdAt };
}

export function collaboratorPermission(
  login: string,
  roleName: string,
  user: FakeUser,
  urls: Urls,
): Schemas['repository-collaborator-permission'] {
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(roleName);
  // A custom role reports its base permission; the fake's custom roles are based on write.
  const level = rank < 0 ? 3 : rank + 1;
  const permission = level >= 5 ? 'admin' : level >= 3 ? 'write' : 'read';
  return {
    permission,
    role_name: roleName,
    user: {
      ...simpleUser(user, urls),
      login,
      permissions: { pull: true, triage: level >= 2, push: level >= 3, maintain: level >= 4, admin: level >= 5 },
      role_name: roleName,
    },
  };
}

export function teamMembership(org: string, slug: string, login: string, state: 'active' | 'pending', urls: Urls): Schemas['team-membership'] {
  return { url: `${urls.api}/orgs/${org}/teams/${slug}/memberships/${login}`, role: 'member', state };
}

export function gitRef(repo: FakeRepo, branch: string, sha: string, urls: Urls): Schemas['git-ref'] {
  return {
    ref: `refs/heads/${branch}`,
    node_id: nodeId('REF', sha.slice(0, 8)),
    url: `${repoApi(repo, urls)}/git/refs/heads/${branch}`,
    object: { type: 'commit', sha, url: `${repoApi(repo, urls)}/git/commits/${sha}` },
  };
}

export function fileCommit(
  repo: FakeRepo,
  path: string,
  branch: string,
  file: { sha: string; size: number },
  commit: { sha: string; parent: string; message: string; at: string },
  urls: Urls,
): Schemas['file-commit'] {
  const api = repoApi(repo, urls);
  const person = { name: 'github-actions[bot]', email: 'github-actions[bot]@users.noreply.github.com', date: commit.at };
  return {
    content: {
      name: path.split('/').at(-1) ?? path,
      path,
      sha: file.sha,
      size: file.size,
      url: `${api}/contents/${path}?ref=${branch}`,
      html_url: `${repoWeb(repo, urls)}/blob/${branch}/${path}`,
      git_url: `${api}/git/blobs/${file.sha}`,
      download_url: `${urls.web}/raw/${repo.owner}/${repo.name}/${branch}/${path}`,
      type: 'file',
    },
    commit: {
      sha: commit.sha,
      node_id: nodeId('C', commit.sha.slice(0, 8)),
      url: `${api}/git/commits/${commit.sha}`,
      html_url: `${repoWeb(repo, urls)}/commit/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
      tree: { url: `${api}/git/trees/${commit.sha}`, sha: commit.sha },
      parents: [{ url: `${api}/git/commits/${commit.parent}`, html_url: `${repoWeb(repo, urls)}/commit/${commit.parent}`, sha: commit.parent }],
    },
  };
}

export function repository(repo: FakeRepo, owner: FakeUser, urls: Urls): Schemas['repository'] {
  const api = repoApi(repo, urls);
  const web = repoWeb(repo, urls);
  const at = '2026-01-01T00:00:00Z';
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    license: null,
    forks: 0,
    owner: simpleUser(owner, urls),
    private: true,
    html_url: web,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${new URL(urls.web).host}/${repo.owner}/${repo.name}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${new URL(urls.web).host}:${repo.owner}/${repo.name}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${web}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: web,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues(repo),
    open_issues: openIssues(repo),
    watchers: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    pushed_at: at,
    created_at: at,
    updated_at: at,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}

export function fullRepository(repo: FakeRepo, owner: FakeUser, urls: Urls): Schemas['full-repository'] {
  const base = repository(repo, owner, urls);
  return {
    ...base,
    pushed_at: base.pushed_at ?? '',
    created_at: base.created_at ?? '',
    updated_at: base.updated_at ?? '',
    has_discussions: false,
    subscribers_count: 0,
    network_count: 0,
  };
}

export function pullRequest(i: FakeIssue, repo: FakeRepo, owner: FakeUser, urls: Urls): Schemas['pull-request'] {
  const pull = i.pull;
  if (!pull) throw new Error(`#${i.number} is an issue, not a pull request`);
  const api = `${repoApi(repo, urls)}/pulls/${i.number}`;
  const web = `${repoWeb(repo, urls)}/pull/${i.number}`;
  const issueApi = `${repoApi(repo, urls)}/issues/${i.number}`;
  const repoBody = repository(repo, owner, urls);
  const ownerBody = simpleUser(owner, urls);
  const link = (href: string): Schemas['link'] => ({ href });
  const headSha = repo.branches.get(pull.head) ?? pull.headSha;
  return {
    url: api,
    id: i.id,
    node_id: nodeId('PR', i.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(repo, urls)}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApi(repo, urls)}/statuses/${headSha}`,
    number: i.number,
    state: i.state,
    locked: false,
    title: i.title,
    user: simpleUser(i.user, urls),
    body: i.body,
    labels: repoLabels(i, repo, urls).map((l) => ({ ...l, description: l.description ?? null, color: l.color ?? 'ededed', default: l.default ?? false })),
    milestone: null,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    merged_at: pull.merged ? i.closedAt : null,
    merge_commit_sha: null,
    assignee: null,
    requested_reviewers: pull.requestedReviewers.map((login) => simpleUser({ login, id: idOf(login), type: 'User' }, urls)),
    requested_teams: pull.requestedTeams.map((slug) => teamSimple(repo.owner, slug, urls)),
    head: { label: `${repo.owner}:${pull.head}`, ref: pull.head, repo: repoBody, sha: headSha, user: ownerBody },
    base: { label: `${repo.owner}:${pull.base}`, ref: pull.base, repo: repoBody, sha: pull.baseSha, user: ownerBody },
    _links: {
      comments: link(`${issueApi}/comments`),
      commits: link(`${api}/commits`),
      statuses: link(`${repoApi(repo, urls)}/statuses/${headSha}`),
      html: link(web),
      issue: link(issueApi),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${repoApi(repo, urls)}/pulls/comments{/number}`),
      self: link(api),
    },
    author_association: 'NONE',
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: i.commentIds.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

export function pullRequestReview(r: FakeReview, repo: FakeRepo, urls: Urls): Schemas['pull-request-review'] {
  const web = `${repoWeb(repo, urls)}/pull/${r.pullNumber}`;
  const pullApi = `${repoApi(repo, urls)}/pulls/${r.pullNumber}`;
  return {
    id: r.id,
    node_id: nodeId('PRR', r.id),
    user: simpleUser(r.user, urls),
    body: r.body,
    state: r.state,
    html_url: `${web}#pullrequestreview-${r.id}`,
    pull_request_url: pullApi,
    _links: { html: { href: `${web}#pullrequestreview-${r.id}` }, pull_request: { href: pullApi } },
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
    author_association: repo.collaborators.has(r.user.login.toLowerCase()) ? 'COLLABORATOR' : 'NONE',
  };
}

export function teamSimple(org: string, slug: string, urls: Urls): Schemas['team'] {
  const api = `${urls.api}/orgs/${org}/teams/${slug}`;
  return {
    id: idOf(`${org}/${slug}`),
    node_id: nodeId('T', `${org}/${slug}`),
    name: slug,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'push',
    url: api,
    html_url: `${urls.web}/orgs/${org}/teams/${slug}`,
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    parent: null,
    type: 'organization',
  };
}

export function teamFull(org: string, slug: string, members: number, urls: Urls): Schemas['team-full'] {
  const orgApi = `${urls.api}/orgs/${org}`;
  const at = '2026-01-01T00:00:00Z';
  const simple = teamSimple(org, slug, urls);
  return {
    id: simple.id,
    node_id: simple.node_id,
    url: simple.url,
    html_url: simple.html_url,
    name: simple.name,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: simple.permission,
    members_url: simple.members_url,
    repositories_url: simple.repositories_url,
    members_count: members,
    repos_count: 1,
    created_at: at,
    updated_at: at,
    type: 'organization',
    organization: {
      login: org,
      id: idOf(org),
      node_id: nodeId('O', org),
      url: orgApi,
      repos_url: `${orgApi}/repos`,
      events_url: `${orgApi}/events`,
      hooks_url: `${orgApi}/hooks`,
      issues_url: `${orgApi}/issues`,
      members_url: `${orgApi}/members{/member}`,
      public_members_url: `${orgApi}/public_members{/member}`,
      avatar_url: `https://avatars.example/o/${org}`,
      description: null,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      html_url: `${urls.web}/${org}`,
      created_at: at,
      type: 'Organization',
      updated_at: at,
      archived_at: null,
    },
  };
}

/** A stable positive id for a name (users and teams the fake only knows by name). */
function idOf(text: string): number {
  let h = 11;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return h + 1;
}

function openIssues(repo: FakeRepo): number {
  return [...repo.issues.values()].filter((i) => i.state === 'open').length;
}

export function repoApi(repo: FakeRepo, urls: Urls): string {
  return `${urls.api}/repos/${repo.owner}/${repo.name}`;
}

function repoWeb(repo: FakeRepo, urls: Urls): string {
  return `${urls.web}/${repo.owner}/${repo.name}`;
}

function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(String(id)).toString('base64url')}`;
}

/** A workflow run as `GET /repos/{o}/{r}/actions/runs/{id}` (and `…/attempts/{n}`) returns it. */
export function workflowRun(
  run: { id: number; attempt: number; event: string; status: string; conclusion: string | null; createdAt: string; updatedAt: string; actor: FakeUser; triggeringActor: FakeUser; headSha: string },
  repo: FakeRepo,
  owner: FakeUser,
  urls: Urls,
): Schemas['workflow-run'] {
  const api = `${repoApi(repo, urls)}/actions/runs/${run.id}`;
  const { license: _license, ...minimal } = repository(repo, owner, urls);
  return {
    id: run.id,
    name: 'sop',
    node_id: nodeId('WFR', run.id),
    head_branch: repo.defaultBranch,
    head_sha: run.headSha,
    path: '.github/workflows/sop.yml',
    run_number: run.id % 1000,
    run_attempt: run.attempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: 1,
    url: api,
    html_url: `${repoWeb(repo, urls)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: simpleUser(run.actor, urls),
    triggering_actor: simpleUser(run.triggeringActor, urls),
    run_started_at: run.updatedAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(repo, urls)}/check-suites/1`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: run.attempt > 1 ? `${api}/attempts/${run.attempt - 1}` : null,
    workflow_url: `${repoApi(repo, urls)}/actions/workflows/1`,
    head_commit: null,
    repository: minimal,
    head_repository: minimal,
    display_title: 'sop',
  };
}

/** A commit as the compare endpoint lists it (only what a comparison needs to be well-formed). */
export function commit(sha: string, repo: FakeRepo, urls: Urls): Schemas['commit'] {
  const api = `${repoApi(repo, urls)}/commits/${sha}`;
  return {
    url: api,
    sha,
    node_id: nodeId('C', sha),
    html_url: `${repoWeb(repo, urls)}/commit/${sha}`,
    comments_url: `${api}/comments`,
    commit: {
      url: `${repoApi(repo, urls)}/git/commits/${sha}`,
      author: null,
      committer: null,
      message: '',
      comment_count: 0,
      tree: { sha, url: `${repoApi(repo, urls)}/git/trees/${sha}` },
    },
    author: null,
    committer: null,
    parents: [],
  };
}

/** `GET /repos/{o}/{r}/compare/{base}...{head}`: how head relates to base. */
export function comparison(
  c: { base: string; head: string; mergeBase: string; ahead: number; behind: number },
  repo: FakeRepo,
  urls: Urls,
): Schemas['commit-comparison'] {
  const status = c.ahead === 0 && c.behind === 0 ? 'identical' : c.ahead === 0 ? 'behind' : c.behind === 0 ? 'ahead' : 'diverged';
  const web = `${repoWeb(repo, urls)}/compare/${c.base}...${c.head}`;
  return {
    url: `${repoApi(repo, urls)}/compare/${c.base}...${c.head}`,
    html_url: web,
    permalink_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    base_commit: commit(c.base, repo, urls),
    merge_base_commit: commit(c.mergeBase, repo, urls),
    status,
    ahead_by: c.ahead,
    behind_by: c.behind,
    total_commits: c.ahead,
    commits: [],
  };
}
