// The Action's run(): read inputs and event, handle the request, report outputs, summary and failure in one place.
import { join } from 'node:path';
import * as core from './workflow-commands.js';
import { runStep } from '../executor/run-step.js';
import { UserError, errorMessage } from '../errors.js';
import type { GitHubClient } from '../github/octokit.js';
import { updateIssueBody } from '../github/issue-channel.js';
import { renderIssueBody } from '../github/render.js';
import type { RunState } from '../engine/types.js';
import type { RunnerContext, RunnerHooks } from '../runner/runner.js';
import { loadSops } from '../sop/load.js';
import { GitStore } from '../store/git-store.js';
import { issueUpdateFor, syncIssue, type IssueChannelDeps } from './channel.js';
import { handle, type HandleResult } from './handle.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { routeEvent } from './route.js';
import { readRunnerEnv, type RunnerEnv } from './runner-env.js';
import { renderSummary } from './summary.js';
import { checkoutPinned } from './workspace.js';

/** Step output, log groups and pinned checkout for the runner; the issue kept current for the channel. */
function actionHooks(env: RunnerEnv, channel: IssueChannelDeps | null, problems: string[], issues: Map<string, number>): RunnerHooks {
  let lastIssueWrite = Date.now();
  const warned = new Set<string>();
  return {
    async beforeStep(state, step, def) {
      if (state.sop.commit) {
        const moved = await checkoutPinned(env.workspace, state.sop.commit);
        if (moved) core.info(moved);
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
      const effects = decided.effects;
      const what = issueUpdateFor(effects, Date.now() - lastIssueWrite);
      const gateOpened = effects.some((e) => e.type === 'gate_opened');
      const issue = snapshot.state.channel?.issue_number;
      const wanted = def.approval.channel ?? channel.defaultChannel;
      if (gateOpened && wanted === 'pull-request' && !warned.has(def.name)) {
        warned.add(def.name);
        core.warning(
          `${def.name}: the pull-request approval channel is not available yet; this run's gates use an issue instead`,
        );
      }
      try {
        if (what === 'sync') {
          const number = await syncIssue(channel, snapshot, def, {
            gateOpened,
            ended: effects.some((e) => e.type === 'run_ended'),
          });
          if (number !== null) issues.set(snapshot.state.run_id, number);
          lastIssueWrite = Date.now();
        } else if (what === 'body' && issue) {
          await updateIssueBody(channel.gh, channel.repo, issue, renderIssueBody(def, snapshot.state, channel.render));
          lastIssueWrite = Date.now();
        }
      } catch (error) {
        problems.push(`could not update the issue of run ${snapshot.state.run_id}: ${errorMessage(error)}`);
      }
    },
  };
}

/**
 * The run's issue: its state records it, but a state read before the issue was opened (the
 * outcome of the transition that opened the gate) does not, so the hooks' record fills the gap.
 */
function issueOf(state: RunState, issues: Map<string, number>): number | null {
  return state.channel?.issue_number ?? issues.get(state.run_id) ?? null;
}

function setOutputs(result: HandleResult, issues: Map<string, number>): void {
  const last = result.runs[result.runs.length - 1];
  const issue = last ? issueOf(last.state, issues) : null;
  core.setOutput('run-id', last?.state.run_id ?? '');
  core.setOutput('status', last?.state.status ?? '');
  core.setOutput('current-step', last ? String(last.state.current_step) : '');
  core.setOutput('issue-number', issue !== null ? String(issue) : '');
  const pulls = last?.state.channel?.pulls;
  const pull = pulls ? pulls[String(last.state.current_step)]?.number : undefined;
  core.setOutput('pull-number', pull ? String(pull) : '');
}

function writeSummary(env: RunnerEnv, inputs: ActionInputs, result: HandleResult, issues: Map<string, number>): void {
  const markdown = result.runs.map((run) =>
    renderSummary({
      def: run.def,
      state: run.state,
      serverUrl: env.serverUrl,
      repo: env.repository,
      stateBranch: inputs.stateBranch,
      issueNumber: issueOf(run.state, issues),
    }),
  );
  if (markdown.length > 0) core.appendSummary(markdown.join('\n'));
}

export async function run(): Promise<void> {
  let store: GitStore | undefined;
  const problems: string[] = [];
  const issues = new Map<string, number>();
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    const env = await readRunnerEnv(process.env);
    const catalog = await loadSops(join(env.workspace, inputs.sopsDir), { root: env.workspace });
    const request = routeEvent({
      eventName: env.eventName,
      payload: env.payload,
      inputs,
      catalog: catalog.sops,
      runId: env.runId,
      actor: env.actor,
    });
    // The REST client loads only when the request talks to GitHub: `list` and `validate` start faster.
    const needsApi = request.kind !== 'list' && request.kind !== 'validate' && request.kind !== 'ignore';
    const gh: GitHubClient | null = inputs.githubToken && needsApi
      ? (await import('../github/octokit.js')).createOctokit({ token: inputs.githubToken, baseUrl: env.apiUrl, log: { warn: (m) => core.warning(m) }, ...apiTuning(process.env) })
      : null;
    store = new GitStore({ repoDir: env.workspace, branch: inputs.stateBranch, remote: 'origin' });
    const channel: IssueChannelDeps | null = gh
      ? {
          gh,
          repo: env.repo,
          store,
          render: {
            serverUrl: env.serverUrl,
            repo: env.repository,
            stateBranch: inputs.stateBranch,
            approverPermission: inputs.approverPermission,
          },
          now: () => new Date(),
          defaultChannel: inputs.approvalChannel,
          knownLabels: knownLabelsOf(env.payload),
        }
      : null;
    const runner: RunnerContext = {
      store,
      execute: runStep,
      cwd: env.workspace,
      env: process.env,
      now: () => new Date(),
      random: Math.random,
      hooks: actionHooks(env, channel, problems, issues),
    };
    const result = await handle({ inputs, env, catalog, store, runner, gh }, request);
    setOutputs(result, issues);
    writeSummary(env, inputs, result, issues);
    if (gh) core.info(`GitHub API: ${gh.counts.calls} call(s), ${gh.counts.http} HTTP request(s)`);
    if (problems.length > 0) {
      core.setFailed(
        `${problems.join('; ')}. The run's state is saved on the state branch; the issue is brought up to date by the run's next event.`,
      );
    } else if (result.failure) core.setFailed(result.failure);
  } catch (error) {
    core.setFailed(`sop-engine: ${errorMessage(error)}`);
  } finally {
    await store?.close().catch(() => undefined);
  }
}

/**
 * Narrow knobs for the REST client, read from the environment: for tests (which must not wait a
 * second per retry or per write) and for self-hosted setups (e.g. a GHES proxy with its own
 * limits). Unset, the client keeps GitHub's recommended behaviour: 1 s retry base, paced writes.
 * - SOP_ENGINE_API_RETRY_BASE_MS: milliseconds per second of back-off and of `retry-after`.
 * - SOP_ENGINE_API_PACING=off: do not space writes (secondary rate limits are still retried).
 */
export function apiTuning(env: NodeJS.ProcessEnv): { retryAfterBaseValue?: number; pacing?: boolean } {
  const tuning: { retryAfterBaseValue?: number; pacing?: boolean } = {};
  const base = env['SOP_ENGINE_API_RETRY_BASE_MS'];
  if (base !== undefined && base.trim() !== '') {
    const ms = Number(base);
    if (!Number.isFinite(ms) || ms < 0) {
      throw new UserError(`SOP_ENGINE_API_RETRY_BASE_MS must be a number of milliseconds (e.g. 1000), not ${JSON.stringify(base)}`);
    }
    tuning.retryAfterBaseValue = ms;
  }
  const pacing = env['SOP_ENGINE_API_PACING'];
  if (pacing !== undefined && pacing.trim() !== '') {
    const value = pacing.trim().toLowerCase();
    if (value !== 'on' && value !== 'off') throw new UserError(`SOP_ENGINE_API_PACING must be on or off, not ${JSON.stringify(pacing)}`);
    tuning.pacing = value === 'on';
  }
  return tuning;
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
