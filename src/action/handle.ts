// What the Action does for each kind of request: start runs, apply comment commands, report status.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from './workflow-commands.js';
import type { CommandEvent, RunState } from '../engine/types.js';
import { UserError, errorMessage } from '../errors.js';
import { checkEligibility, isBot } from '../github/eligibility.js';
import { commentOnIssue, react, type ReactionContent } from '../github/issue-channel.js';
import type { GitHubClient } from '../github/octokit.js';
import type { RepoRef } from '../github/repo.js';
import { renderRefusal, renderStatus } from '../github/render.js';
import { pinnedDefinition } from '../runner/pinned.js';
import { requireRun, runCommand, startRun, sweepRuns, type RunnerContext } from '../runner/runner.js';
import { findSop } from '../sop/load.js';
import type { SopCatalog, SopDefinition } from '../sop/types.js';
import type { StateStore } from '../store/types.js';
import type { ActionInputs } from './inputs.js';
import type { ActionRequest } from './request.js';
import { isReport, report } from './report.js';
import type { RunnerEnv } from './runner-env.js';
import { workspaceHead } from './workspace.js';

export interface HandlerDeps {
  inputs: ActionInputs;
  env: RunnerEnv;
  catalog: SopCatalog;
  store: StateStore & { sync?(): Promise<void> };
  runner: RunnerContext;
  /** Null only for list/validate, which need no API. */
  gh: GitHubClient | null;
}

/** A run this workflow run touched, for outputs and the job summary. */
export interface Touched {
  state: RunState;
  def: SopDefinition | undefined;
}

export interface HandleResult {
  runs: Touched[];
  /** Set when the request was refused or failed in a way the workflow run should show as failed. */
  failure?: string;
}

function needGitHub(deps: HandlerDeps): GitHubClient {
  if (!deps.gh) throw new UserError('this command needs the GitHub API: set the github-token input (default: ${{ github.token }})');
  return deps.gh;
}

async function sync(deps: HandlerDeps): Promise<void> {
  await deps.store.sync?.();
}

export async function handle(deps: HandlerDeps, req: ActionRequest): Promise<HandleResult> {
  if (isReport(req)) return report(deps.catalog, req);
  switch (req.kind) {
    case 'execute':
      return execute(deps, req);
    case 'sweep': {
      await sync(deps);
      return { runs: await sweep(deps) };
    }
    case 'status':
      return status(deps, req);
    case 'command':
      return command(deps, req);
  }
}

async function execute(deps: HandlerDeps, req: Extract<ActionRequest, { kind: 'execute' }>): Promise<HandleResult> {
  await sync(deps);
  const runs: Touched[] = [];
  let failure: string | undefined;
  const head = (await workspaceHead(deps.env.workspace)) ?? deps.env.sha;
  for (const name of req.sops) {
    const found = findSop(deps.catalog, name);
    if (!found.ok) throw new UserError(found.error);
    const def = found.sop;
    const source = await readFile(join(deps.env.workspace, def.path), 'utf8');
    const outcome = await startRun(deps.runner, {
      def,
      source,
      payload: req.payload,
      startedBy: req.startedBy,
      trigger: req.trigger,
      commit: head,
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

async function sweep(deps: HandlerDeps): Promise<Touched[]> {
  const ended = await sweepRuns(deps.runner);
  for (const s of ended) core.info(`Run ${s.run_id} timed out: ${s.reason ?? ''}`);
  return ended.map((state) => ({ state, def: deps.catalog.sops.find((d) => d.name === state.sop_name) }));
}

async function status(deps: HandlerDeps, req: Extract<ActionRequest, { kind: 'status' }>): Promise<HandleResult> {
  await sync(deps);
  const snap = await requireRun(deps.store, req.runId);
  const def = pinnedDefinition(snap);
  const text = renderStatus(def, snap.state, {
    serverUrl: deps.env.serverUrl,
    repo: deps.env.repository,
    stateBranch: deps.inputs.stateBranch,
  });
  if (req.issueNumber !== null && !isBot(req.actor.login, req.actor.type)) {
    await commentOnIssue(needGitHub(deps), deps.env.repo, req.issueNumber, text);
  } else core.info(text);
  return { runs: [{ state: snap.state, def }] };
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
  const hooks = runner.hooks ?? {};
  return {
    ...runner,
    hooks: {
      ...hooks,
      async afterTransition(decided, snapshot, def) {
        if (!done && decided.effects.some((e) => e.type === 'accepted')) {
          done = true;
          await acknowledge(gh, repo, commentId, '+1');
        }
        await hooks.afterTransition?.(decided, snapshot, def);
      },
    },
  };
}

async function command(deps: HandlerDeps, req: Extract<ActionRequest, { kind: 'command' }>): Promise<HandleResult> {
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
  const snap = await deps.store.get(req.runId);
  if (!snap) {
    const reason = `run ${req.runId} is not on the ${deps.inputs.stateBranch} branch; nothing to ${req.command}`;
    if (req.issueNumber !== null) await commentOnIssue(gh, repo, req.issueNumber, renderRefusal('state', reason));
    return { runs: [], failure: viaComment ? undefined : reason };
  }
  const def = pinnedDefinition(snap);
  const eligibility = await checkEligibility(gh, repo, {
    login: req.actor.login,
    userType: req.actor.type,
    approverPermission: deps.inputs.approverPermission,
    approvers: def.approval.approvers,
  });
  if (!eligibility.ok && eligibility.silent) return { runs: [] };
  const channelIssue = snap.state.channel?.issue_number ?? null;
  const wrongIssue =
    req.issueNumber !== null && channelIssue !== null && req.issueNumber !== channelIssue
      ? { rule: 5 as const, reason: `#${req.issueNumber} is not the issue of run ${req.runId} (that is #${channelIssue})` }
      : undefined;
  const event: CommandEvent = {
    type: 'command',
    command: req.command,
    by: req.actor.login,
    at: deps.runner.now().toISOString(),
    via: req.via,
    ref: req.ref,
    ...(req.comment !== undefined ? { comment: req.comment } : {}),
    ...(req.reason !== undefined ? { reason: req.reason } : {}),
    ...(req.runIdGiven !== undefined ? { run_id_given: req.runIdGiven } : {}),
    ...(eligibility.ok ? { teams: eligibility.teams } : { precheck: { rule: eligibility.rule, reason: eligibility.reason } }),
    ...(eligibility.ok && wrongIssue ? { precheck: wrongIssue } : {}),
  };
  const outcome = await runCommand(acknowledgeOnAccept(deps.runner, gh, repo, req.commentId), req.runId, event);
  const touched = [{ state: outcome.state, def: outcome.def }];
  if (outcome.duplicate) {
    core.notice(`sop-engine: ${req.ref} was already processed; nothing changed`);
    return { runs: touched };
  }
  if (outcome.refused) {
    const text = renderRefusal(outcome.refused.rule === 'state' ? 'state' : (Number(outcome.refused.rule) as 1 | 2 | 3 | 4 | 5), outcome.refused.reason);
    if (req.issueNumber !== null) {
      await commentOnIssue(gh, repo, req.issueNumber, `@${req.actor.login} ${text}`);
      if (req.via === 'issues' && outcome.state.status === 'pending_approval') {
        // The close did not count: reopen, so the run's issue stays where people answer it.
        await gh.rest.issues.update({ ...repo, issue_number: req.issueNumber, state: 'open' });
      }
    }
    core.warning(`sop-engine: ${req.command} by ${req.actor.login} refused: ${outcome.refused.reason}`);
    return { runs: touched, ...(viaComment || req.via === 'issues' ? {} : { failure: `refused: ${outcome.refused.reason}` }) };
  }
  const ended = outcome.state.status;
  const failure = ended === 'failed' ? `run ${outcome.state.run_id} failed: ${outcome.state.reason ?? ''}` : undefined;
  return failure ? { runs: touched, failure } : { runs: touched };
}
