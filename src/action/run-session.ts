// The Action's requests that move runs (execute, sweep, status, commands): the state store, runner, executor and issue channel.
// main.ts loads this module with import() only for those requests, so list, validate and ignored events never evaluate it.
import * as core from '@actions/core';
import { runStep } from '../executor/run-step.js';
import { errorMessage } from '../errors.js';
import type { GitHubClient } from '../github/octokit.js';
import { updateIssueBody } from '../github/issue-channel.js';
import { renderIssueBody } from '../github/render.js';
import { applyEvent, type RunnerContext, type RunnerHooks } from '../runner/runner.js';
import type { SopFolder } from '../sop/load.js';
import { GitStore } from '../store/git-store.js';
import { apiTuning } from './api-tuning.js';
import { issueUpdateFor, syncIssue, type IssueChannelDeps } from './channel.js';
import { syncPulls, type PullChannelDeps } from './pull-channel.js';
import { handle, type RunRequest } from './handle.js';
import type { ActionInputs } from './inputs.js';
import type { ActionIO } from './io.js';
import type { HandleResult } from './result.js';
import type { RunnerEnv } from './runner-env.js';
import { checkoutPinned } from './workspace.js';
import { verifyGateFacts } from './verify-gate.js';
import { workflowRunGone } from '../github/workflow-runs.js';
import { gateBefore } from '../engine/gates.js';
import { UserError } from '../errors.js';

export interface RunSessionArgs {
  inputs: ActionInputs;
  env: RunnerEnv;
  io: ActionIO;
  /** The SOP folder, read only as deeply as the request needs. */
  sops: SopFolder;
  /** Issue updates that failed; main.ts fails the workflow run with them. */
  problems: string[];
}

/** An open state store with its runner and (when a token is given) API client; close() when done. */
export interface RunSession {
  handle(request: RunRequest): Promise<HandleResult>;
  /** The API call count line for the log, or null without an API client. */
  apiCalls(): string | null;
  close(): Promise<void>;
}

export async function openRunSession({ inputs, env, io, sops, problems }: RunSessionArgs): Promise<RunSession> {
  // The REST client is its own chunk: a request that moves runs still loads it only with a token.
  const gh: GitHubClient | null = inputs.githubToken
    ? (await import('../github/octokit.js')).createOctokit({ token: inputs.githubToken, baseUrl: env.apiUrl, log: { warn: (m) => core.warning(m) }, ...apiTuning(io.env) })
    : null;
  const store = new GitStore({ repoDir: env.workspace, branch: inputs.stateBranch, remote: 'origin', partialFetch: true });
  const channel: IssueChannelDeps | null = gh
    ? {
        gh,
        repo: env.repo,
        // The hook that records knows the run as just committed and its pinned SOP: no read, no parse.
        recordChannel: async (snapshot, def, event) => (await applyEvent(runner, snapshot.state.run_id, event, def, snapshot)).snapshot,
        render: {
          serverUrl: env.serverUrl,
          repo: env.repository,
          stateBranch: inputs.stateBranch,
          approverPermission: inputs.approverPermission,
        },
        now: env.now,
        defaultChannel: inputs.approvalChannel,
        knownLabels: knownLabelsOf(env.payload),
      }
    : null;
  const runner: RunnerContext = {
    store,
    execute: runStep,
    cwd: env.workspace,
    env: io.env,
    ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
    now: env.now,
    random: io.random,
    ...runnerIdentity(env, gh),
    hooks: actionHooks(env, channel, problems),
  };
  return {
    handle: (request) => handle({ inputs, env, sops, store, runner, gh }, request),
    apiCalls: () => (gh ? `GitHub API: ${gh.counts.calls} call(s), ${gh.counts.http} HTTP request(s)` : null),
    close: () => store.close(),
  };
}

/** Transitions that can open, update or close an approval PR. */
const PULL_EFFECTS: ReadonlySet<string> = new Set(['gate_opened', 'gate_progress', 'run_ended', 'accepted']);

/** Step output, log groups and pinned checkout for the runner; the issue or approval PRs kept current for the channel. */
function actionHooks(env: RunnerEnv, channel: IssueChannelDeps | null, problems: string[]): RunnerHooks {
  let lastIssueWrite = env.now().getTime();
  const pullChannel: PullChannelDeps | null = channel
    ? {
        gh: channel.gh,
        repo: channel.repo,
        recordChannel: channel.recordChannel,
        render: channel.render,
        now: channel.now,
        workspace: env.workspace,
        warn: (m) => core.warning(m),
      }
    : null;
  return {
    onSecrets(pieces) {
      // ::add-mask:: for each line, so the live step output in the job log is masked too.
      for (const piece of pieces) core.setSecret(piece);
    },
    async beforeStep(state, step, def) {
      if (state.sop.commit) {
        const moved = await checkoutPinned(env.workspace, state.sop.commit);
        if (moved) core.info(moved);
      }
      // A gated step runs only on facts re-established from GitHub and git, never on the state branch alone.
      if (gateBefore(def, step.number)) {
        if (!channel) throw new UserError(`step ${step.number} has an approval gate; its approvals can only be confirmed with the github-token input set`);
        const onDefault = env.defaultBranch !== null && env.ref === `refs/heads/${env.defaultBranch}`;
        await verifyGateFacts(
          { gh: channel.gh, repo: env.repo, workspace: env.workspace, defaultBranch: env.defaultBranch, defaultTip: onDefault ? env.sha : null },
          state,
          def,
          step.number,
        );
      }
      core.startGroup(`Step ${step.number}/${def.steps.length}: ${step.title}`);
    },
    onOutput(chunk) {
      process.stdout.write(chunk);
    },
    afterStep(_state, step, result) {
      if (!result.output.endsWith('\n') && result.output !== '') process.stdout.write('\n');
      core.endGroup();
      const ok = result.exit_code === 0 && !result.timed_out && !result.error;
      const verdict = ok
        ? 'completed'
        : `failed (${result.error ?? (result.timed_out ? 'timed out' : `exit code ${result.exit_code}`)})`;
      core.info(`Step ${step.number} ${verdict} in ${(result.duration_ms / 1000).toFixed(1)}s`);
    },
    async afterTransition(decided, snapshot, def) {
      if (!channel) return;
      // What the channel records lands on the run: the runner goes on from the last of it, without a re-read.
      let latest = snapshot;
      const recordChannel: IssueChannelDeps['recordChannel'] = async (...args) => (latest = await channel.recordChannel(...args));
      const effects = decided.effects;
      const what = issueUpdateFor(effects, env.now().getTime() - lastIssueWrite);
      const gateOpened = effects.some((e) => e.type === 'gate_opened');
      const issue = snapshot.state.channel?.issue_number;
      const wanted = def.approval.channel ?? snapshot.state.channel?.type ?? channel.defaultChannel;
      if (pullChannel && (wanted === 'pull-request' || snapshot.state.channel?.pulls)) {
        if (!effects.some((e) => PULL_EFFECTS.has(e.type))) return;
        try {
          await syncPulls({ ...pullChannel, recordChannel }, snapshot, def, effects);
        } catch (error) {
          problems.push(`could not update the approval pull request of run ${snapshot.state.run_id}: ${errorMessage(error)}`);
        }
        return latest;
      }
      try {
        if (what === 'sync') {
          await syncIssue({ ...channel, recordChannel }, snapshot, def, {
            gateOpened,
            ended: effects.some((e) => e.type === 'run_ended'),
          });
          lastIssueWrite = env.now().getTime();
        } else if (what === 'body' && issue) {
          await updateIssueBody(channel.gh, channel.repo, issue, renderIssueBody(def, snapshot.state, channel.render));
          lastIssueWrite = env.now().getTime();
        }
      } catch (error) {
        problems.push(`could not update the issue of run ${snapshot.state.run_id}: ${errorMessage(error)}`);
      }
      return latest;
    },
  };
}

/** This workflow run as the claimer of steps, and how to tell that another workflow run holding a claim is gone. */
function runnerIdentity(env: RunnerEnv, gh: GitHubClient | null): Pick<RunnerContext, 'runner' | 'runnerGone'> {
  const id = Number(env.runId);
  if (!Number.isSafeInteger(id) || id <= 0) return {};
  return {
    runner: { kind: 'actions', workflow_run_id: id },
    runnerGone: async (ref) => {
      if (ref.kind !== 'actions' || ref.workflow_run_id === id || !gh) return null;
      return workflowRunGone(gh, env.repo, ref.workflow_run_id);
    },
  };
}

/** Labels of the event's issue, so a label change needs no extra GET. */
function knownLabelsOf(payload: unknown): Map<number, string[]> {
  const map = new Map<number, string[]>();
  if (typeof payload !== 'object' || payload === null || !('issue' in payload)) return map;
  const issue = (payload as { issue: unknown }).issue;
  if (typeof issue !== 'object' || issue === null) return map;
  const { number, labels } = issue as { number?: unknown; labels?: unknown };
  if (typeof number !== 'number' || !Array.isArray(labels)) return map;
  const names = labels
    .map((l: unknown) => (typeof l === 'object' && l !== null && 'name' in l ? String((l as { name: unknown }).name) : null))
    .filter((n): n is string => n !== null);
  map.set(number, names);
  return map;
}
