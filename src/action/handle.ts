// What the Action does for each kind of request: start runs, apply comment commands, report status.
import * as core from '@actions/core';
import type { RunState } from '../engine/state-format.js';
import type { CommandEvent } from '../engine/types.js';
import { UserError, errorMessage } from '../errors.js';
import { namesCodeowners } from '../github/codeowners.js';
import { ownersAtPin } from '../github/codeowners-source.js';
import { checkEligibility, isBot } from '../github/eligibility.js';
import { getPullFacts, reopenPull } from '../github/pull-channel.js';
import { pullChannelProblem } from '../github/pull-match.js';
import { commentOnIssue, react, type ReactionContent } from '../github/issue-channel.js';
import type { GitHubClient } from '../github/octokit.js';
import type { RepoRef } from '../github/repo.js';
import { renderRefusal, renderStatus } from '../github/render.js';
import { pinnedDefinition } from '../runner/pinned.js';
import { requireRun, runCommand, startRun, sweepRuns, type RunnerContext, type RunnerHooks } from '../runner/runner.js';
import type { SopFolder } from '../sop/load.js';
import type { SopDefinition } from '../sop/types.js';
import type { RunSnapshot, StateStore } from '../store/types.js';
import { firstAttempt } from '../github/workflow-runs.js';
import { getVerified } from '../store/transact.js';
import { isTerminal } from '../engine/transition.js';
import type { ActionInputs } from './inputs.js';
import type { ReportRequest } from './report.js';
import type { ActionRequest, PullSource } from './request.js';
import type { HandleResult, Touched } from './result.js';
import type { RunnerEnv } from './runner-env.js';
import { workspaceHead } from './workspace.js';

export interface HandlerDeps {
  inputs: ActionInputs;
  env: RunnerEnv;
  /** The SOP folder, read only as deeply as the request needs. */
  sops: SopFolder;
  store: StateStore & { sync?(): Promise<void> };
  runner: RunnerContext;
  /** Null when no token is given: requests that need the API fail with a message that says so. */
  gh: GitHubClient | null;
}

function needGitHub(deps: HandlerDeps): GitHubClient {
  if (!deps.gh) throw new UserError('this command needs the GitHub API: set the github-token input (default: ${{ github.token }})');
  return deps.gh;
}

async function sync(deps: HandlerDeps): Promise<void> {
  await deps.store.sync?.();
}

/** The requests that move runs; list, validate and ignored events are report.ts's. */
export type RunRequest = Exclude<ActionRequest, ReportRequest>;

export async function handle(deps: HandlerDeps, req: RunRequest): Promise<HandleResult> {
  switch (req.kind) {
    case 'execute':
      return execute(deps, req);
    case 'sweep': {
      await sync(deps);
      return { runs: await sweep(deps) };
    }
    case 'status':
      if (req.commentId === null) return statusFromInputs(deps, req);
      return command(deps, req);
    case 'command':
      return command(deps, req);
  }
}

async function execute(deps: HandlerDeps, req: Extract<ActionRequest, { kind: 'execute' }>): Promise<HandleResult> {
  await sync(deps);
  const runs: Touched[] = [];
  let failure: string | undefined;
  const head = (await workspaceHead(deps.env.workspace)) ?? deps.env.sha;
  const runOfThisWorkflow = workflowRunId(deps);
  for (const name of req.sops) {
    // Only this SOP is parsed in full; the others' frontmatter is read to find it by name.
    const found = await deps.sops.load(name);
    if (!found.ok) throw new UserError(found.error);
    const { def, source } = found.sop;
    const outcome = await startRun(deps.runner, {
      def,
      source,
      payload: req.payload,
      startedBy: req.startedBy,
      trigger: req.trigger,
      commit: head,
      ...(runOfThisWorkflow === null ? {} : { workflowRunId: runOfThisWorkflow }),
    });
    core.info(`Run ${outcome.state.run_id} of ${def.name}: ${outcome.state.status}`);
    runs.push({ state: outcome.state, def });
    if (outcome.state.status === 'failed' || outcome.state.status === 'timed_out') {
      failure = `run ${outcome.state.run_id} ${outcome.state.status}: ${outcome.state.reason ?? ''}`;
    }
  }
  if (req.sweepAfter) runs.push(...(await sweep(deps)));
  return failure ? { runs, failure } : { runs };
}

/** `command: status` from the workflow's inputs: print the run's status to the log. */
async function statusFromInputs(deps: HandlerDeps, req: StatusRequest): Promise<HandleResult> {
  await sync(deps);
  const snap = await requireRun(deps.store, req.runId);
  const def = pinnedDefinition(snap);
  core.info(renderStatus(def, snap.state, { serverUrl: deps.env.serverUrl, repo: deps.env.repository, stateBranch: deps.inputs.stateBranch }));
  return { runs: [{ state: snap.state, def }] };
}

function workflowRunId(deps: HandlerDeps): number | null {
  const id = Number(deps.env.runId);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function sweep(deps: HandlerDeps): Promise<Touched[]> {
  // The runner parses each swept run's pinned SOP to decide; keep that definition for the summary.
  const defs = new Map<string, SopDefinition>();
  const runner = afterEachTransition(deps.runner, (_decided, snapshot, def) => {
    defs.set(snapshot.state.run_id, def);
  });
  const ended = await sweepRuns(runner);
  for (const s of ended) core.info(`Run ${s.run_id} timed out: ${s.reason ?? ''}`);
  return ended.map((state) => ({ state, def: defs.get(state.run_id) }));
}

/** The runner with `extra` called after every committed transition, before the hooks it already had. */
function afterEachTransition(runner: RunnerContext, extra: NonNullable<RunnerHooks['afterTransition']>): RunnerContext {
  const hooks = runner.hooks ?? {};
  return {
    ...runner,
    hooks: {
      ...hooks,
      async afterTransition(decided, snapshot, def) {
        await extra(decided, snapshot, def);
        return hooks.afterTransition?.(decided, snapshot, def);
      },
    },
  };
}

/**
 * A reaction only tells the commenter we saw (👀) or counted (👍) their command; it is not state.
 * When GitHub refuses it, the decision still stands (or, with the API down, the permission check
 * that follows fails closed with the message that matters), so a warning is enough.
 */
async function acknowledge(gh: GitHubClient, repo: RepoRef, commentId: number, content: ReactionContent): Promise<void> {
  try {
    await react(gh, repo, commentId, content);
  } catch (error) {
    core.warning(`sop-engine: could not add the ${content} reaction to comment ${commentId}: ${errorMessage(error)}`);
  }
}

/**
 * 👍 as soon as the decision is committed, before the steps it unblocked run (they may take
 * minutes): the commenter learns their command counted without waiting for the run to stop.
 */
function acknowledgeOnAccept(runner: RunnerContext, gh: GitHubClient, repo: RepoRef, commentId: number | null): RunnerContext {
  if (commentId === null) return runner;
  let done = false;
  return afterEachTransition(runner, async (decided) => {
    if (!done && decided.effects.some((e) => e.type === 'accepted')) {
      done = true;
      await acknowledge(gh, repo, commentId, '+1');
    }
  });
}

/** Is `number` one of the run's own threads (its issue or one of its approval PRs)? Rule 5. */
export function isRunThread(state: RunState, number: number): boolean {
  const channel = state.channel;
  if (!channel) return false;
  if (channel.issue_number === number) return true;
  return Object.values(channel.pulls ?? {}).some((p) => p.number === number);
}

/** Why a comment's thread is not the run's own (a copied marker), or undefined when it is. */
function wrongThread(state: RunState, req: CommandRequest | StatusRequest): { rule: 5; reason: string } | undefined {
  if (req.issueNumber === null || isRunThread(state, req.issueNumber)) return undefined;
  const own = state.channel?.issue_number;
  return {
    rule: 5,
    reason:
      own === undefined
        ? `#${req.issueNumber} is not a thread of run ${req.runId}: the run has no issue recorded, so commands on copies of its marker do not count`
        : `#${req.issueNumber} is not the issue of run ${req.runId} (that is #${own})`,
  };
}

type CommandRequest = Extract<ActionRequest, { kind: 'command' }>;
type StatusRequest = Extract<ActionRequest, { kind: 'status' }>;

/** When the decision was issued: the event's own time, or for a dispatch its workflow run's first attempt. */
async function issuedAt(deps: HandlerDeps, gh: GitHubClient, req: CommandRequest | StatusRequest): Promise<string> {
  if (req.issuedAt !== null) return req.issuedAt;
  const runId = Number(deps.env.runId);
  if (!Number.isSafeInteger(runId) || runId <= 0) {
    throw new UserError(`GITHUB_RUN_ID "${deps.env.runId}" is not a workflow run id; a dispatch decision is bound to its workflow run's time`);
  }
  return (await firstAttempt(gh, deps.env.repo, runId)).createdAt;
}

async function command(deps: HandlerDeps, req: CommandRequest | StatusRequest): Promise<HandleResult> {
  const gh = needGitHub(deps);
  const { repo } = deps.env;
  const viaComment = req.commentId !== null;
  // Bots are ignored silently (rule 1): no reaction, no reply, no audit event, so no loops.
  if (isBot(req.actor.login, req.actor.type)) {
    core.notice(`sop-engine: ignored a command from bot ${req.actor.login}`);
    return { runs: [] };
  }
  if (req.commentId !== null) await acknowledge(gh, repo, req.commentId, 'eyes');
  await sync(deps);
  // Nothing on the state branch is believed unchecked: a run that fails its chain or state hash is refused here.
  const snap = await getVerified(deps.store, req.runId);
  const name = req.kind === 'status' ? 'status' : req.command;
  if (!snap) {
    const reason = `run ${req.runId} is not on the ${deps.inputs.stateBranch} branch; nothing to ${name}`;
    if (req.issueNumber !== null) await commentOnIssue(gh, repo, req.issueNumber, renderRefusal('state', reason));
    return { runs: [], failure: viaComment ? undefined : reason };
  }
  const def = pinnedDefinition(snap);
  const state = snap.state;
  const pull = req.kind === 'command' ? req.pull : undefined;
  // Closing a PR that is no longer the gate's channel (the engine closing a decided gate's PR with
  // a personal token, or someone closing an old one) decides nothing: no reply, no audit event.
  if (req.kind === 'command' && req.via === 'pull_request' && pull && pullChannelProblem(state, { number: pull.number }) !== null) {
    core.notice(`sop-engine: #${pull.number} is not the open approval pull request of run ${req.runId}; closing it changes nothing`);
    return { runs: [{ state, def }] };
  }
  // `codeowners` stands for the owners CODEOWNERS gives the SOP file at the pinned commit.
  const owners = namesCodeowners(def.approval.approvers) ? await ownersAtPin(deps.env.workspace, state.sop) : null;
  const eligibility = await checkEligibility(gh, repo, {
    login: req.actor.login,
    userType: req.actor.type,
    approverPermission: deps.inputs.approverPermission,
    approvers: def.approval.approvers,
    ...(owners ? { codeowners: owners.ok ? owners.approvers : [] } : {}),
  });
  if (!eligibility.ok && eligibility.silent) return { runs: [] };
  const refusal = eligibility.ok
    ? null
    : {
        rule: eligibility.rule,
        reason: owners && !owners.ok && eligibility.rule === 3 ? `${eligibility.reason} ${owners.reason}.` : eligibility.reason,
      };
  const wrong = pull ? await pullProblem(gh, deps, pull, state) : wrongThread(state, req);
  // An approving review on a manual step's wait confirms it: the review is how a PR says "done".
  const confirms = pull?.reviewApproved === true && state.status === 'pending_approval' && state.waiting_for === 'confirmation';
  // /status answers anyone allowed to act on the run, and changes nothing; from anyone else it is a
  // refusal like any other command, answered and audited once per person and wait.
  const statusOk = req.kind === 'status' && (eligibility.ok || eligibility.rule === 3) && wrong === undefined;
  if (statusOk) return status(deps, gh, req, snap, def);
  const event: CommandEvent = {
    type: 'command',
    command: req.kind === 'status' ? 'status' : confirms ? 'done' : req.command,
    by: req.actor.login,
    at: deps.runner.now().toISOString(),
    issued_at: await issuedAt(deps, gh, req),
    via: req.kind === 'status' ? 'issue_comment' : req.via,
    ref: req.kind === 'status' ? `comment:${req.commentId ?? 0}` : req.ref,
    ...(req.kind === 'command' && req.step !== undefined ? { step: req.step } : {}),
    ...(req.kind === 'command' && req.comment !== undefined ? { comment: req.comment } : {}),
    ...(req.kind === 'command' && req.reason !== undefined ? { reason: req.reason } : {}),
    ...(req.kind === 'command' && req.runIdGiven !== undefined ? { run_id_given: req.runIdGiven } : {}),
    ...(eligibility.ok ? { teams: eligibility.teams } : refusal ? { precheck: refusal } : {}),
    ...(eligibility.ok && wrong ? { precheck: wrong } : {}),
  };
  const outcome = await runCommand(acknowledgeOnAccept(deps.runner, gh, repo, req.commentId), req.runId, event, snap, def);
  // The outcome already holds what the channel hooks recorded after the last transition (e.g. the issue number).
  const touched = [{ state: outcome.state, def: outcome.def }];
  if (outcome.duplicate) {
    core.notice(`sop-engine: ${event.ref} was already processed; nothing changed`);
    return { runs: touched };
  }
  if (outcome.refused) {
    const closedByHand = req.kind === 'command' && req.via === 'issues';
    if (req.issueNumber !== null && !outcome.refused.repeat) {
      const text = renderRefusal(outcome.refused.rule === 'state' ? 'state' : (Number(outcome.refused.rule) as 1 | 2 | 3 | 4 | 5), outcome.refused.reason);
      await commentOnIssue(gh, repo, req.issueNumber, `@${req.actor.login} ${text}`);
    }
    if (closedByHand && req.issueNumber !== null && !isTerminal(outcome.state.status)) {
      // The close did not count: reopen, so the run's issue stays where people answer it.
      await gh.rest.issues.update({ ...repo, issue_number: req.issueNumber, state: 'open' });
    }
    const pullClosed = req.kind === 'command' && req.via === 'pull_request';
    if (pullClosed && pull && !isTerminal(outcome.state.status) && isOpenChannel(outcome.state, pull)) {
      // Likewise for the gate's approval PR: closed by someone who may not decide, it opens again.
      await reopenPull(gh, repo, pull.number);
    }
    core.warning(`sop-engine: ${name} by ${req.actor.login} refused: ${outcome.refused.reason}`);
    const quiet = viaComment || closedByHand || pull !== undefined;
    return { runs: touched, ...(quiet ? {} : { failure: `refused: ${outcome.refused.reason}` }) };
  }
  const ended = outcome.state.status;
  const failure = ended === 'failed' ? `run ${outcome.state.run_id} failed: ${outcome.state.reason ?? ''}` : undefined;
  return failure ? { runs: touched, failure } : { runs: touched };
}

async function status(deps: HandlerDeps, gh: GitHubClient, req: StatusRequest, snap: RunSnapshot, def: SopDefinition): Promise<HandleResult> {
  const text = renderStatus(def, snap.state, {
    serverUrl: deps.env.serverUrl,
    repo: deps.env.repository,
    stateBranch: deps.inputs.stateBranch,
  });
  if (req.issueNumber !== null) await commentOnIssue(gh, deps.env.repo, req.issueNumber, text);
  else core.info(text);
  return { runs: [{ state: snap.state, def }] };
}

/** The PR is the current wait's approval PR as recorded (so reopening it puts the channel back). */
function isOpenChannel(state: RunState, pull: PullSource): boolean {
  return pullChannelProblem(state, { number: pull.number }) === null;
}

/**
 * Rule 5 for a command from an approval PR: a PR other than the current wait's, or one someone
 * changed (pushed to, retargeted), is refused. A PR conversation comment does not carry the PR's
 * head and base: one GET fetches them.
 */
async function pullProblem(gh: GitHubClient, deps: HandlerDeps, pull: PullSource, state: RunState): Promise<{ rule: 5; reason: string } | undefined> {
  let problem = pullChannelProblem(state, { number: pull.number });
  if (problem === null) {
    const known = pull.headRef !== undefined && pull.headSha !== undefined && pull.baseRef !== undefined;
    const seen = known ? pull : await getPullFacts(gh, deps.env.repo, pull.number);
    problem = pullChannelProblem(state, { number: pull.number, headRef: seen.headRef, headSha: seen.headSha, baseRef: seen.baseRef });
  }
  return problem === null ? undefined : { rule: 5, reason: problem };
}
