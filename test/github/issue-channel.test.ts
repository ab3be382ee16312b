import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PENDING_LABEL,
  SOP_LABEL,
  commentOnIssue,
  createRunIssue,
  react,
  updateIssueBody,
} from '../../src/github/issue-channel.js';
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js';
import { runMarker } from '../../src/github/render.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const repo = { owner: 'octo-org', repo: 'deploys' };
const RUN = 'run-20261126-k3f9x2';

describe('issue channel calls', () => {
  let gh: FakeGitHub;
  let octokit: GitHubClient;

  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(async () => {
    await gh.close();
  });
  beforeEach(() => {
    octokit = createOctokit({ token: 't', baseUrl: gh.url, retryAfterBaseValue: 1, pacing: false, log: { warn: () => {} } });
  });

  it('opens an issue with labels inline in one call, then edits, comments on it and reacts', async () => {
    const n = await createRunIssue(octokit, repo, { title: 'SOP deploy: x', body: `${runMarker(RUN)}\nhello`, labels: [SOP_LABEL, PENDING_LABEL] });
    expect(octokit.counts.calls).toBe(1);
    expect(gh.issue(n)?.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['sop', 'sop:pending']);
    expect(gh.issue(n)?.user?.type).toBe('Bot');

    await updateIssueBody(octokit, repo, n, `${runMarker(RUN)}\nupdated`);
    expect(gh.issue(n)?.body).toBe(`${runMarker(RUN)}\nupdated`);

    const id = await commentOnIssue(octokit, repo, n, 'Step 2 waits');
    expect(gh.comments(n).map((c) => [c.id, c.body])).toEqual([[id, 'Step 2 waits']]);

    const human = gh.addComment(n, { login: 'bob', body: '/approve' });
    await react(octokit, repo, Number(human.id), 'eyes');
    await react(octokit, repo, Number(human.id), '+1');
    expect(gh.reactions(Number(human.id)).map((r) => r.content)).toEqual(['eyes', '+1']);

    expect(octokit.counts.calls).toBe(5);
  });

});
