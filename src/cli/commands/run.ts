// `sop execute`, `approve`, `reject`, `done` and `sweep`: the commands that move runs.
import type { Decision } from '../../engine/state-format.js';
import { UserError } from '../../errors.js';
import { headCommit } from '../../runner/git-info.js';
import { requireRun, runCommand, startRun, sweepRuns, type RunnerHooks, type RunOutcome } from '../../runner/runner.js';
import { sopFolder } from '../../sop/load.js';
import { cliRunnerGone, type CliContext } from '../context.js';
import { hostname } from 'node:os';
import { progressHooks } from '../progress.js';
import { nextSteps, refusalLine } from '../render.js';

function parsePayload(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`--payload is not valid JSON (${(error as Error).message}); example: --payload '{"version":"v1.2.3"}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`--payload must be a JSON object, like '{"key":"value"}'`);
  }
  return value as Record<string, unknown>;
}

/** Exit status of a run-moving command (SPEC 6). */
function report(ctx: CliContext, outcome: RunOutcome, okStatuses: readonly string[]): number {
  if (outcome.refused) {
    ctx.io.stderr.write(`${refusalLine(outcome.refused)}\n`);
    return 1;
  }
  ctx.io.stdout.write(`${nextSteps(outcome.state, outcome.def)}\n`);
  if (okStatuses.includes(outcome.state.status)) return 0;
  ctx.io.stderr.write(`${outcome.state.run_id} ${outcome.state.status}: ${outcome.state.reason ?? ''}\n`);
  return 1;
}

export async function executeCommand(ctx: CliContext, name: string): Promise<number> {
  // Only this SOP is parsed in full; the others' frontmatter is read to find it by name.
  const found = await sopFolder(ctx.sopsDir, { root: ctx.root }).load(name);
  if (!found.ok) throw new UserError(found.error);
  const { def, source } = found.sop;
  const payload = parsePayload(ctx.opts.payload);
  const who = await ctx.identity();
  const progress = progressHooks(ctx.io.stdout, ctx.io.now);
  // Say which run this is as soon as it exists, before step 1 starts, so a long step is not anonymous.
  const hooks: RunnerHooks = {
    ...progress,
    afterTransition(decided, snapshot) {
      if (!decided.audit.some((e) => e.type === 'run_started')) return;
      const s = snapshot.state;
      ctx.io.stdout.write(`Run ${s.run_id} of ${def.name}, started by ${who} (${s.effective_mode})\n`);
    },
  };
  const runner = await ctx.runner(hooks);
  const outcome = await startRun(runner, {
    def,
    source,
    payload,
    startedBy: who,
    trigger: { type: 'manual' },
    commit: await headCommit(ctx.root),
  });
  return report(ctx, outcome, ['completed', 'pending_approval']);
}

export async function decisionCommand(ctx: CliContext, decision: Decision, runId: string): Promise<number> {
  if (decision === 'reject' && !ctx.opts.reason?.trim()) {
    throw new UserError('a rejection needs a reason: sop reject <run-id> --reason "why"');
  }
  const who = await ctx.identity();
  const runner = await ctx.runner(progressHooks(ctx.io.stdout, ctx.io.now));
  // SPEC 3.1: the command binds to the wait it reads now; if another decision moves the run on before
  // this one is applied, it is refused as stale instead of landing on a later gate.
  const issuedAt = ctx.io.now().toISOString();
  const snapshot = await requireRun(runner.store, runId);
  const seen = snapshot.state.wait;
  const comment = decision === 'reject' ? ctx.opts.reason : ctx.opts.comment;
  const outcome = await runCommand(runner, runId, {
    type: 'command',
    command: decision,
    by: who,
    at: issuedAt,
    issued_at: issuedAt,
    ...(seen ? { wait_seq: seen.seq } : {}),
    ...(ctx.opts.step !== undefined ? { step: ctx.opts.step } : {}),
    via: 'cli',
    ref: `cli:${ctx.io.now().getTime().toString(36)}-${Math.floor(ctx.io.random() * 36 ** 6).toString(36)}`,
    ...(comment !== undefined ? { comment } : {}),
    ...(decision === 'reject' && ctx.opts.reason !== undefined ? { reason: ctx.opts.reason } : {}),
  }, snapshot);
  if (!outcome.refused) {
    const verb = { approve: 'Approved', reject: 'Rejected', done: 'Confirmed' }[decision];
    ctx.io.stdout.write(`${verb} by ${who}.\n`);
  }
  return report(ctx, outcome, decision === 'reject' ? ['rejected'] : ['completed', 'pending_approval']);
}

/** `sop cancel`: ends a waiting or running run; a step running in a CLI process on this host is stopped. */
export async function cancelCommand(ctx: CliContext, runId: string): Promise<number> {
  const who = await ctx.identity();
  const runner = await ctx.runner();
  const snapshot = await requireRun(runner.store, runId);
  const at = ctx.io.now().toISOString();
  const outcome = await runCommand(runner, runId, {
    type: 'command',
    command: 'cancel',
    by: who,
    at,
    issued_at: at,
    via: 'cli',
    ref: `cli:${ctx.io.now().getTime().toString(36)}-${Math.floor(ctx.io.random() * 36 ** 6).toString(36)}`,
    ...(ctx.opts.reason !== undefined ? { reason: ctx.opts.reason } : {}),
  }, snapshot);
  if (outcome.refused) {
    ctx.io.stderr.write(`refused: ${outcome.refused.reason}\n`);
    return 1;
  }
  // The process that claimed the running step stops it (its SIGTERM handler kills the step's process group).
  const claim = snapshot.state.status === 'running' ? snapshot.state.history.filter((h) => h.status === 'running').at(-1)?.runner : undefined;
  if (claim?.kind === 'cli' && cliRunnerGone(claim) === null && claim.host === hostname() && claim.pid !== process.pid) {
    try {
      process.kill(claim.pid, 'SIGTERM');
      ctx.io.stdout.write(`Stopped process ${claim.pid}, which was running step ${snapshot.state.current_step}.\n`);
    } catch {
      // It ended on its own meanwhile.
    }
  }
  ctx.io.stdout.write(`${runId} cancelled by ${who}.\n`);
  return 0;
}

export async function sweepCommand(ctx: CliContext): Promise<number> {
  const ended = await sweepRuns(await ctx.runner());
  for (const s of ended) ctx.io.stdout.write(`${s.run_id} timed out: ${s.reason ?? ''}\n`);
  ctx.io.stdout.write(`${ended.length} run(s) timed out\n`);
  return 0;
}
