// The pull-request approval channel of a run (SPEC 5.3): each wait opens its own PR; a decided wait's PR is closed.
import type { ApprovalPull, RunState } from '../engine/state-format.js';
import type { ChannelClosedEvent, ChannelEvent, Effect } from '../engine/types.js';
import { CODEOWNERS_ENTRY, expandApprovers, namesCodeowners } from '../github/codeowners.js';
import { ownersAtPin } from '../github/codeowners-source.js';
import type { GitHubClient } from '../github/octokit.js';
import { closeApprovalPull, openApprovalPull, updatePullBody } from '../github/pull-channel.js';
import { approvalBranch, approvalFilePath, renderApprovalFile, renderPullBody, renderPullDecided, renderPullTitle, type CodeownersNote } from '../github/pull-render.js';
import type { RenderOptions } from '../github/render.js';
import type { RepoRef } from '../github/repo.js';
import type { SopDefinition } from '../sop/types.js';
import type { RunSnapshot } from '../store/types.js';
import { git } from './git.js';

export interface PullChannelDeps {
  gh: GitHubClient;
  repo: RepoRef;
  /** Applies a channel event to the run through the runner (the engine records the PR; one writer); see IssueChannelDeps. */
  recordChannel(snapshot: RunSnapshot, def: SopDefinition, event: ChannelEvent | ChannelClosedEvent): Promise<RunSnapshot>;
  render: RenderOptions;
  now(): Date;
  /** The job's checkout: CODEOWNERS is read from it, and the default branch through its origin. */
  workspace: string;
  /** Things the workflow run should warn about (e.g. reviewers that could not be requested). */
  warn(message: string): void;
}

/** The default branch and its tip, from origin (git, so no REST call): the approval branch starts there. */
export async function defaultBranchOf(workspace: string): Promise<{ name: string; sha: string }> {
  let out: string;
  try {
    out = await git(workspace, ['ls-remote', '--symref', 'origin', 'HEAD']);
  } catch (error) {
    throw new Error(`cannot read the default branch from origin (git ls-remote): ${(error as Error).message.split('\n')[0]}`);
  }
  const name = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(out)?.[1];
  const sha = /^([0-9a-f]{40,64})\s+HEAD$/m.exec(out)?.[1];
  if (!name || !sha) throw new Error(`origin did not say which branch is its default (git ls-remote --symref origin HEAD printed "${out.trim()}")`);
  return { name, sha };
}

/** Whom the PR asks for a review: the listed logins and teams (CODEOWNERS asks its owners by itself). */
function reviewersFor(def: SopDefinition, state: RunState): string[] {
  const listed = def.approval.approvers.filter((a) => a !== CODEOWNERS_ENTRY);
  const self = def.approval.allow_self_approval ? [] : [state.started_by.toLowerCase()];
  return expandApprovers(listed, []).filter((a) => !self.includes(a.toLowerCase()));
}

/**
 * Bring the run's approval PRs in line with its state: close the PR of every wait that is
 * decided (last comment, closed unmerged, branch deleted), open one for a wait that has none,
 * and keep the open one's progress current. Returns the open PR's number, if any.
 */
export async function syncPulls(deps: PullChannelDeps, snapshot: RunSnapshot, def: SopDefinition, effects: readonly Effect[]): Promise<number | null> {
  const state = snapshot.state;
  const pulls: Record<string, ApprovalPull> = { ...(state.channel?.pulls ?? {}) };
  const waiting = state.status === 'pending_approval' ? String(state.current_step) : null;
  let changed = false;
  for (const [step, pull] of Object.entries(pulls)) {
    if (!pull.open || step === waiting) continue;
    await closeApprovalPull(deps.gh, deps.repo, pull, renderPullDecided(def, Number(step), state));
    pulls[step] = { ...pull, open: false };
    changed = true;
  }
  let open = waiting !== null ? pulls[waiting] : undefined;
  if (waiting !== null && !open?.open) {
    open = await openPull(deps, state, def);
    pulls[waiting] = open;
    changed = true;
  } else if (open?.open && effects.some((e) => e.type === 'gate_progress')) {
    await updatePullBody(deps.gh, deps.repo, open.number, renderPullBody(def, state, deps.render, await codeownersNote(deps, state, def)));
  }
  if (changed) await recordPulls(deps, snapshot, def, pulls);
  return open?.open ? open.number : null;
}

async function openPull(deps: PullChannelDeps, state: RunState, def: SopDefinition): Promise<ApprovalPull> {
  const step = state.current_step;
  const base = await defaultBranchOf(deps.workspace);
  const branch = approvalBranch(state.run_id, step);
  const owners = await codeownersNote(deps, state, def);
  if (owners && !owners.ok) deps.warn(`run ${state.run_id}, step ${step}: ${owners.reason}. Until it is fixed only other listed approvers can approve.`);
  const opened = await openApprovalPull(deps.gh, deps.repo, {
    base: base.name,
    baseSha: base.sha,
    branch,
    path: approvalFilePath(state.sop_name, state.run_id, step),
    content: renderApprovalFile(def, state, deps.render, owners),
    message: `sop(${state.run_id}): approval request for step ${step}`,
    title: renderPullTitle(def, state),
    body: renderPullBody(def, state, deps.render, owners),
    reviewers: reviewersFor(def, state),
  });
  if (opened.reviewersProblem) deps.warn(opened.reviewersProblem);
  return { number: opened.number, branch, head_sha: opened.headSha, base: base.name, open: true };
}

/** Who `codeowners` stands for (read with git at the pinned commit), or undefined when the SOP does not name it. */
async function codeownersNote(deps: PullChannelDeps, state: RunState, def: SopDefinition): Promise<CodeownersNote | undefined> {
  if (!namesCodeowners(def.approval.approvers)) return undefined;
  const owners = await ownersAtPin(deps.workspace, state.sop);
  return owners.ok ? { ok: true, approvers: owners.approvers } : owners;
}

/**
 * Record the PRs this sync opened and closed in the run's state through the engine's channel
 * events, applied by the runner (one writer).
 */
async function recordPulls(deps: PullChannelDeps, snapshot: RunSnapshot, def: SopDefinition, pulls: Record<string, ApprovalPull>): Promise<void> {
  const at = deps.now().toISOString();
  const state = snapshot.state;
  // Each record lands on the one before it, so none re-reads the run.
  let last = snapshot;
  for (const [step, pull] of Object.entries(pulls)) {
    const known = state.channel?.pulls?.[step];
    if (pull.open && !(known?.open && known.number === pull.number)) {
      last = await deps.recordChannel(last, def, {
        type: 'channel_opened', at, channel: 'pull-request', number: pull.number, step: Number(step), branch: pull.branch, head_sha: pull.head_sha, base: pull.base,
      });
    } else if (!pull.open && known?.open && known.number === pull.number) {
      last = await deps.recordChannel(last, def, { type: 'channel_closed', at, number: pull.number, step: Number(step) });
    }
  }
}
