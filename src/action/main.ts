// The Action's run(): read inputs and event, handle the request, report outputs, summary and failure in one place.
import { join } from 'node:path';
import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { sopFolder } from '../sop/load.js';
import { actionOutputs } from './outputs.js';
import type { HandleResult } from './result.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { inputOf, processActionIO, type ActionIO } from './io.js';
import { isReport, report } from './report.js';
import { matchTriggers, routeEvent } from './route.js';
import { readRunnerEnv, type RunnerEnv } from './runner-env.js';
import type { RunSession } from './run-session.js';
import { renderSummary } from './summary.js';

export { apiTuning } from './api-tuning.js';

function setOutputs(result: HandleResult): void {
  const last = result.runs[result.runs.length - 1];
  const outputs = actionOutputs(last?.state, last?.state.channel?.issue_number ?? null);
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

async function writeSummary(env: RunnerEnv, inputs: ActionInputs, result: HandleResult): Promise<void> {
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
  // Outside a runner (e.g. a local run) there is no summary file; core.summary would throw for it.
  if (markdown.length > 0 && process.env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(markdown.join('\n'), true).write();
}

export async function run(io: ActionIO = processActionIO()): Promise<void> {
  let session: RunSession | undefined;
  const problems: string[] = [];
  try {
    const inputs = parseInputs((name) => inputOf(io.env, name));
    // The runner masks `${{ github.token }}` itself, but not a token passed from elsewhere.
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    const env = await readRunnerEnv(io.env);
    // Route first, then read only what the request needs: an approval reads its run's pinned SOP
    // (from the state), a schedule or dispatch the frontmatter of every SOP, list and validate all of them.
    const sops = sopFolder(join(env.workspace, inputs.sopsDir), { root: env.workspace });
    const routed = routeEvent({ eventName: env.eventName, payload: env.payload, inputs, runId: env.runId, actor: env.actor });
    const request = routed.kind === 'match-triggers' ? matchTriggers(routed, (await sops.index()).sops) : routed;
    // list, validate and ignored events need no store, runner or API: the machinery that moves runs
    // is a chunk loaded only for the other requests, which keeps their start a bare node start's few times.
    let result: HandleResult;
    if (isReport(request)) {
      // validate also checks that every SOP naming `codeowners` has a CODEOWNERS file to read.
      const checked =
        request.kind === 'validate'
          ? { all: async () => (await import('../github/codeowners-source.js')).withCodeownersCheck(await sops.all(), env.workspace) }
          : sops;
      result = await report(request, checked);
    } else {
      const { openRunSession } = await import('./run-session.js');
      session = await openRunSession({ inputs, env, io, sops, problems });
      result = await session.handle(request);
    }
    setOutputs(result);
    await writeSummary(env, inputs, result);
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
