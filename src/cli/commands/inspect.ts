// `sop status`, `runs`, `logs` and `verify`: reading runs without changing them.
import { TERMINAL_STATUSES, type RunStatus } from '../../engine/state-format.js';
import { UserError } from '../../errors.js';
import { pinnedDefinition } from '../../runner/pinned.js';
import { requireRun, settleLostRunner } from '../../runner/runner.js';
import { verifyRun } from '../../store/verify.js';
import type { CliContext } from '../context.js';
import { runsTable, statusText } from '../render.js';

const STATUSES: readonly RunStatus[] = ['pending_approval', 'running', ...TERMINAL_STATUSES];

export async function statusCommand(ctx: CliContext, runId: string): Promise<number> {
  // A running step whose CLI process is gone is marked failed ("runner lost") now, not hours later.
  const snap = await settleLostRunner(await ctx.runner(), await requireRun(await ctx.store(), runId));
  if (ctx.opts.json) {
    ctx.io.stdout.write(`${JSON.stringify(snap.state, null, 2)}\n`);
    return 0;
  }
  let def;
  try {
    def = pinnedDefinition(snap);
  } catch {
    def = undefined;
  }
  ctx.io.stdout.write(statusText(snap.state, def));
  return 0;
}

export async function runsCommand(ctx: CliContext): Promise<number> {
  const wanted = ctx.opts.status;
  if (wanted !== undefined && !(STATUSES as readonly string[]).includes(wanted)) {
    throw new UserError(`--status must be one of ${STATUSES.join(', ')}`);
  }
  const all = await (await ctx.store()).listRuns();
  const runs = all
    .filter((s) => (ctx.opts.sop ? s.sop_name === ctx.opts.sop : true))
    .filter((s) => (wanted ? s.status === wanted : true))
    .sort((a, b) => (a.started_at === b.started_at ? a.run_id.localeCompare(b.run_id) : a.started_at < b.started_at ? -1 : 1));
  if (ctx.opts.json) {
    const rows = runs.map((s) => ({
      run_id: s.run_id,
      sop_name: s.sop_name,
      status: s.status,
      current_step: s.current_step,
      waiting_for: s.waiting_for,
      started_by: s.started_by,
      started_at: s.started_at,
      updated_at: s.updated_at,
    }));
    ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0 && all.length > 0) {
    const filters = [ctx.opts.sop ? `--sop ${ctx.opts.sop}` : '', wanted ? `--status ${wanted}` : ''].filter(Boolean).join(' ');
    ctx.io.stdout.write(`No runs match ${filters} (${all.length} run(s) in ${(await ctx.store()).description}; see them all: sop runs)\n`);
    return 0;
  }
  ctx.io.stdout.write(runsTable(runs));
  return 0;
}

const RECORD = /^\[[^\]]*\] (=====|-----) /;
const STEP_HEADER = /^\[[^\]]*\] ===== step (\d+): /;

/** The log records of one step: each starts with a `===== step N:` header and ends at the next record. */
export function stepSections(log: string, step: number): string {
  const out: string[] = [];
  let inside = false;
  for (const line of log.split('\n')) {
    if (RECORD.test(line)) inside = Number(STEP_HEADER.exec(line)?.[1]) === step;
    if (inside) out.push(line);
  }
  return out.length ? `${out.join('\n').replace(/\n+$/, '')}\n` : '';
}

export async function logsCommand(ctx: CliContext, runId: string): Promise<number> {
  const store = await ctx.store();
  await requireRun(store, runId);
  const log = (await store.readLog(runId)) ?? '';
  if (ctx.opts.step === undefined) {
    ctx.io.stdout.write(log);
    return 0;
  }
  const section = stepSections(log, ctx.opts.step);
  if (!section) throw new UserError(`${runId} has no output for step ${ctx.opts.step} (it has not run)`);
  ctx.io.stdout.write(section);
  return 0;
}

export async function verifyCommand(ctx: CliContext, runIds: string[]): Promise<number> {
  const store = await ctx.store();
  // A mistyped run id is not a tampered run: say it is unknown, before checking any chain.
  for (const id of runIds) await requireRun(store, id);
  const ids = runIds.length ? runIds : await store.listRunIds();
  let bad = 0;
  for (const id of ids) {
    const result = await verifyRun(store, id);
    if (result.ok) ctx.io.stdout.write(`ok       ${id}\n`);
    else {
      bad++;
      ctx.io.stdout.write(`TAMPERED ${id}: ${result.message}\n`);
    }
  }
  ctx.io.stdout.write(`${ids.length - bad} of ${ids.length} run(s) verified${bad ? `, ${bad} failed` : ''}\n`);
  if (bad) ctx.io.stderr.write(`audit chain check failed for ${bad} run(s)\n`);
  return bad ? 1 : 0;
}
