// The issue approval channel of a run (SPEC 5.3): opens, updates, comments on and closes its issue.
import type { ChannelClosedEvent, ChannelEvent, Effect } from '../engine/types.js';
import { TERMINAL_STATUSES } from '../engine/state-format.js';
import type { GitHubClient } from '../github/octokit.js';
import type { RepoRef } from '../github/repo.js';
import { PENDING_LABEL, SOP_LABEL, commentOnIssue, createRunIssue } from '../github/issue-channel.js';
import { renderEndComment, renderGateComment, renderIssueBody, renderIssueTitle, type RenderOptions } from '../github/render.js';
import type { ApprovalChannel, SopDefinition } from '../sop/types.js';
import type { RunSnapshot } from '../store/types.js';

export interface IssueChannelDeps {
  gh: GitHubClient;
  repo: RepoRef;
  /**
   * Records a channel event in the run's state: an engine event applied by the runner (one writer) on top
   * of `snapshot`, the run as last committed, with `def`, its pinned SOP. Returns the run as committed then.
   */
  recordChannel(snapshot: RunSnapshot, def: SopDefinition, event: ChannelEvent | ChannelClosedEvent): Promise<RunSnapshot>;
  render: RenderOptions;
  now(): Date;
  /** The Action's approval-channel input; an SOP's approval.channel wins. */
  defaultChannel: ApprovalChannel;
  /** Labels of issues as the triggering event showed them (saves a GET before a label change). */
  knownLabels: Map<number, string[]>;
}

/** What changed since the channel last spoke, so each sync makes as few calls as it can. */
export interface ChannelSync {
  /** A gate or confirmation wait opened during this workflow run. */
  gateOpened: boolean;
  /** The run ended during this workflow run. */
  ended: boolean;
}

/** A step finishing this long after the issue was last written updates its checklist in place. */
export const LIVE_UPDATE_MS = 15_000;

/**
 * What a transition asks of the run's issue. A new wait or the end: a full sync (comment, body,
 * labels, state). A partial approval (1 of 2), or a step finishing after a long quiet spell while
 * the run goes on: the checklist in place. Quick steps in between write nothing: the next wait or
 * the end brings the checklist up to date in the same PATCH, which keeps resuming a run within
 * 5 REST calls (👀, permission, comment, PATCH, 👍) while people watching a long run see it move.
 */
export function issueUpdateFor(effects: readonly Effect[], msSinceLastWrite: number): 'sync' | 'body' | null {
  const has = (type: Effect['type']) => effects.some((e) => e.type === type);
  if (has('gate_opened') || has('run_ended')) return 'sync';
  if (has('gate_progress')) return 'body';
  if (has('step_finished') && has('run_step') && msSinceLastWrite >= LIVE_UPDATE_MS) return 'body';
  return null;
}

/**
 * Bring the run's issue up to date with its state. Creates the issue at the first wait (one
 * call), comments on later waits and at the end, and keeps the checklist and labels current
 * with one PATCH. Returns the issue number (null when the run never waited).
 */
export async function syncIssue(
  deps: IssueChannelDeps,
  snapshot: RunSnapshot,
  def: SopDefinition,
  change: ChannelSync,
): Promise<number | null> {
  const { gh, repo } = deps;
  const state = snapshot.state;
  const waiting = state.status === 'pending_approval';
  let issue = state.channel?.issue_number ?? null;
  const body = renderIssueBody(def, state, deps.render);
  if (issue === null) {
    if (!waiting) return null;
    issue = await createRunIssue(gh, repo, {
      title: renderIssueTitle(state),
      body,
      labels: [SOP_LABEL, PENDING_LABEL],
    });
    deps.knownLabels.set(issue, [SOP_LABEL, PENDING_LABEL]);
    await deps.recordChannel(snapshot, def, { type: 'channel_opened', at: deps.now().toISOString(), channel: 'issue', number: issue, step: state.current_step });
    return issue;
  }
  if (change.gateOpened && waiting) await commentOnIssue(gh, repo, issue, renderGateComment(def, state, deps.render));
  const ended = (TERMINAL_STATUSES as readonly string[]).includes(state.status);
  if (change.ended && ended) await commentOnIssue(gh, repo, issue, renderEndComment(state));
  const labels = await currentLabels(deps, issue);
  const wanted = waiting
    ? [...new Set([...labels, SOP_LABEL, PENDING_LABEL])]
    : labels.filter((l) => l !== PENDING_LABEL);
  await gh.rest.issues.update({
    ...repo,
    issue_number: issue,
    body,
    labels: wanted,
    // A new wait reopens an issue someone closed while a step ran.
    ...(waiting && change.gateOpened ? { state: 'open' as const } : {}),
    ...(ended ? { state: 'closed' as const, state_reason: state.status === 'completed' ? ('completed' as const) : ('not_planned' as const) } : {}),
  });
  deps.knownLabels.set(issue, wanted);
  return issue;
}

async function currentLabels(deps: IssueChannelDeps, issue: number): Promise<string[]> {
  const known = deps.knownLabels.get(issue);
  if (known) return known;
  const { data } = await deps.gh.rest.issues.get({ ...deps.repo, issue_number: issue });
  const names = data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== '');
  deps.knownLabels.set(issue, names);
  return names;
}
