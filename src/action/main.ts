// The Action's run(): read inputs and event, handle the request, report outputs, summary and failure in one place.
import { join } from 'node:path';
import * as core from './workflow-commands.js';
import { errorMessage } from '../errors.js';
import { loadSops } from '../sop/load.js';
import type { HandleResult } from './handle.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { isReport, report } from './report.js';
import { routeEvent } from './route.js';
import { readRunnerEnv, type RunnerEnv } from './runner-env.js';
import type { RunSession } from './run-session.js';
import { renderSummary } from './summary.js';

export { apiTuning } from './api-tuning.js';

function setOutputs(result: HandleResult): void {
  const last = result.runs[result.runs.length - 1];
  const issue = last?.state.channel?.issue_number ?? null;
  core.setOutput('run-id', last?.state.run_id ?? '');
  core.setOutput('status', last?.state.status ?? '');
  core.setOutput('current-step', last ? String(last.state.current_step) : '');
  core.setOutput('issue-number', issue !== null ? String(issue) : '');
  // The open approval PR of the wait the run stands at; none once it was decided and closed.
  const pull = last?.state.status === 'pending_approval' ? last.state.channel?.pulls?.[String(last.state.current_step)] : undefined;
  core.setOutput('pull-number', pull?.open ? String(pull.number) : '');
}

function writeSummary(env: RunnerEnv, inputs: ActionInputs, result: HandleResult): void {
  const markdown = result.runs.map((run) =>
    renderSummary({
      def: run.def,
      state: run.state,
      serverUrl: env.serverUrl,
      repo: env.repository,
      stateBranch: inputs.stateBranch,
      issueNumber: run.state.channel?.issue_number ?? null,
    }),
  );
  if (markdown.length > 0) core.appendSummary(markdown.join('\n'));
}

export async function run(): Promise<void> {
  let session: RunSession | undefined;
  const problems: string[] = [];
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
    // list, validate and ignored events need no store, runner or API: the machinery that moves runs
    // is a chunk loaded only for the other requests, which keeps their start a bare node start's few times.
    let result: HandleResult;
    if (request.kind === 'validate') {
      const { withCodeownersCheck } = await import('../github/codeowners-source.js');
      result = report(await withCodeownersCheck(catalog, env.workspace), request);
    } else if (isReport(request)) {
      result = report(catalog, request);
    } else {
      const { openRunSession } = await import('./run-session.js');
      session = await openRunSession({ inputs, env, catalog, problems });
      result = await session.handle(request);
    }
    setOutputs(result);
    writeSummary(env, inputs, result);
    const calls = session?.apiCalls();
    if (calls) core.info(calls);
    if (problems.length > 0) {
      core.setFailed(
        `${problems.join('; ')}. The run's state is saved on the state branch; the issue is brought up to date by the run's next event.`,
      );
    } else if (result.failure) core.setFailed(result.failure);
  } catch (error) {
    core.setFailed(`sop-engine: ${errorMessage(error)}`);
  } finally {
    await session?.close().catch(() => undefined);
  }
}
