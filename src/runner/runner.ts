// Drives runs: turns engine decisions into committed state and executed steps. Shared by CLI and Action.
import { decide } from '../engine/decide.js';
import { makeRunId } from '../engine/run-id.js';
import type { RunState, RunTrigger, RunnerRef } from '../engine/state-format.js';
import type { CommandEvent, Decided, EngineEvent } from '../engine/types.js';
import { errorMessage, UserError } from '../errors.js';
import type { SopDefinition, SopStep } from '../sop/types.js';
import { transact } from '../store/transact.js';
import type { RunSnapshot, StateStore } from '../store/types.js';
import type { StepExecutor, StepResult } from '../executor/types.js';
import { redactResult } from '../executor/redact.js';
import { pinnedDefinition } from './pinned.js';
import { runRedactor, startPayload, stepPayload } from './secrets.js';

type DecidedOk = Extract<Decided, { ok: true }>;

/** Notifications the front ends use for progress display and approval channels. */
export interface RunnerHooks {
  /** Before a claimed step executes (the Action checks out the pinned commit here). */
  beforeStep?(state: RunState, step: SopStep, def: SopDefinition): Promise<void> | void;
  /** Each chunk of a running step's interleaved output. */
  onOutput?(chunk: string, step: SopStep): void;
  afterStep?(state: RunState, step: SopStep, result: StepResult): Promise<void> | void;
  /** Before the first step of a call runs: every piece of the run's secrets, to mask in a live log. */
  onSecrets?(pieces: readonly string[]): void;
  /**
   * After every committed transition. A hook that records more through the runner (the Action's approval
   * channel) returns the run as it committed it last, so the runner goes on from there without a re-read.
   */
  afterTransition?(decided: DecidedOk, snapshot: RunSnapshot, def: SopDefinition): Promise<RunSnapshot | void> | RunSnapshot | void;
}

export interface RunnerContext {
  store: StateStore;
  execute: StepExecutor;
  /** Repository root: steps run here. */
  cwd: string;
  /** The caller's environment, passed to steps (without credentials, see executor/env.ts). */
  env: NodeJS.ProcessEnv;
  /** The token steps of a `github_token: true` SOP get as GITHUB_TOKEN; masked in everything recorded. */
  githubToken?: string;
  now(): Date;
  random(): number;
  hooks?: RunnerHooks;
  /** Who this runner is: recorded on every step it claims (SPEC 3.6). */
  runner?: RunnerRef;
  /** Why the runner that claimed a step is gone (dead pid, completed workflow run), or null while it may still run. */
  runnerGone?(ref: RunnerRef): Promise<string | null>;
}

/** Why the step a run claims has no runner any more, or null (not running, unknown runner, or still alive). */
export async function lostRunner(ctx: RunnerContext, state: RunState): Promise<string | null> {
  if (state.status !== 'running' || !ctx.runnerGone) return null;
  const claim = state.history.filter((h) => h.status === 'running').at(-1);
  if (!claim?.runner || claim.step !== state.current_step) return null;
  return ctx.runnerGone(claim.runner);
}

/** Events that first end a step whose runner is gone: everything but the step's own result and a cancel. */
function checksLostRunner(event: EngineEvent): boolean {
  if (event.type === 'step_finished' || event.type === 'runner_lost' || event.type === 'start') return false;
  return !(event.type === 'command' && event.command === 'cancel');
}

function withRunner(ctx: RunnerContext, event: EngineEvent): EngineEvent {
  if (!ctx.runner) return event;
  if (event.type === 'start' || event.type === 'command' || event.type === 'step_finished') return { ...event, runner: ctx.runner };
  return event;
}

export interface Transition {
  decided: DecidedOk;
  /** The run as last committed: by this transition, or after it by the afterTransition hook. */
  snapshot: RunSnapshot;
  def: SopDefinition;
}

export interface StartRequest {
  def: SopDefinition;
  /** The SOP file's exact text, pinned in the audit record. */
  source: string;
  payload: Record<string, unknown>;
  startedBy: string;
  trigger: RunTrigger;
  /** Commit the run starts from, null outside git. */
  commit: string | null;
  /** Actions only: the workflow run that starts the run. */
  workflowRunId?: number;
  /** Use this run id instead of a fresh one (tests). */
  runId?: string;
}

/** Outcome of a front-end call: the run as it stands when the call returns. */
export interface RunOutcome {
  state: RunState;
  def: SopDefinition;
  /** Every transition this call committed, in order. */
  transitions: Transition[];
  /** Set when the command was refused (rule and reason); `repeat` when the person was already answered during this wait. */
  refused?: { rule: string; reason: string; repeat?: boolean };
  /** True when the event had been processed before and changed nothing. */
  duplicate?: boolean;
}

/** Apply one event to a run with compare-and-swap; re-decides on conflict. */
export async function applyEvent(
  ctx: RunnerContext,
  runId: string,
  event: EngineEvent,
  known?: SopDefinition,
  /** The run as this runner last committed it: saves a read; the write is still compare-and-swapped. */
  last?: RunSnapshot,
): Promise<Transition> {
  let def = known;
  const { result, snapshot } = await transact(ctx.store, runId, async (snap) => {
    if (event.type === 'start') {
      if (snap) throw new UserError(`run ${runId} already exists`);
      def = event.sop;
    } else {
      if (!snap) throw new UserError(`unknown run ${runId}; list runs with \`sop runs\``);
      def ??= pinnedDefinition(snap);
    }
    // A step whose runner is gone fails first, in the same commit, so the event meets the run as it really is.
    let lost: DecidedOk | null = null;
    if (snap && checksLostRunner(event)) {
      const reason = await lostRunner(ctx, snap.state);
      if (reason !== null) {
        const d = decide(def, snap.state, { type: 'runner_lost', at: ctx.now().toISOString(), step: snap.state.current_step, reason });
        if (d.ok && d.audit.length > 0) lost = d;
      }
    }
    const next = decide(def, lost?.state ?? snap?.state ?? null, withRunner(ctx, event));
    if (!next.ok) throw new UserError(next.error);
    const decided: DecidedOk = lost
      ? { ...next, audit: [...lost.audit, ...next.audit], effects: [...lost.effects, ...next.effects], summary: [lost.summary, next.summary].join(', ') }
      : next;
    if (decided.audit.length === 0) return { write: null, result: decided };
    return {
      write: {
        state: decided.state,
        events: decided.audit,
        log: logFor(event, def, decided.summary),
        message: decided.summary,
      },
      result: decided,
    };
  }, last === undefined ? {} : { known: last });
  if (!snapshot || !def) throw new UserError(`run ${runId} could not be read back after writing`);
  const latest = result.audit.length > 0 ? ((await ctx.hooks?.afterTransition?.(result, snapshot, def)) ?? snapshot) : snapshot;
  return { decided: result, snapshot: latest, def };
}

/** What the .log file gets for a transition: step output under a header, one line for anything else. */
function logFor(event: EngineEvent, def: SopDefinition, summary: string): string {
  if (event.type !== 'step_finished') return `[${event.at}] ----- ${summary}\n`;
  const step = def.steps[event.step - 1];
  const body = event.output === '' || event.output.endsWith('\n') ? event.output : `${event.output}\n`;
  const verdict = event.error ?? (event.timed_out ? 'timed out' : `exit code ${event.exit_code ?? 'none'}`);
  return `[${event.at}] ===== step ${event.step}: ${step?.title ?? ''} (${verdict}, ${event.duration_ms} ms)\n${body}`;
}

/**
 * Execute claimed steps until the run waits, ends, or another runner owns it. `given` is the
 * payload this process started the run with: only it knows the values of secret inputs.
 */
async function drive(ctx: RunnerContext, first: Transition, transitions: Transition[], given?: Record<string, unknown>): Promise<void> {
  let current = first;
  const redactor = runRedactor(first.def, ctx.env, given, [ctx.githubToken]);
  let masked = false;
  for (;;) {
    const claim = current.decided.effects.find((e) => e.type === 'run_step');
    if (!claim) return;
    const { def } = current;
    const state = current.snapshot.state;
    const step = def.steps[claim.step - 1];
    if (!step || step.command === null) throw new Error(`engine claimed step ${claim.step}, which has no command`);
    if (!masked) {
      masked = true;
      ctx.hooks?.onSecrets?.(redactor.pieces);
    }
    // Secrets are taken out here, before the result reaches the engine: the state, log, audit,
    // issue and summary are all made from what the engine records.
    const result = redactResult(await prepareAndExecute(ctx, state, step, def, stepPayload(def, state.payload, given)), redactor);
    await ctx.hooks?.afterStep?.(state, step, result);
    current = await applyEvent(
      ctx,
      state.run_id,
      {
        type: 'step_finished',
        step: step.number,
        at: ctx.now().toISOString(),
        exit_code: result.exit_code,
        timed_out: result.timed_out,
        output: result.output,
        outputs: result.outputs,
        duration_ms: result.duration_ms,
        ...(result.error ? { error: result.error } : {}),
      },
      def,
      current.snapshot,
    );
    transitions.push(current);
  }
}

/**
 * Run the claimed step. If preparing it fails (e.g. the pinned commit cannot be checked out),
 * the step fails with that reason instead of leaving a claimed step that never finishes.
 */
async function prepareAndExecute(
  ctx: RunnerContext,
  state: RunState,
  step: SopStep,
  def: SopDefinition,
  payload: Record<string, unknown>,
): Promise<StepResult> {
  const started = ctx.now();
  try {
    await ctx.hooks?.beforeStep?.(state, step, def);
  } catch (error) {
    return {
      exit_code: null,
      signal: null,
      timed_out: false,
      output: '',
      outputs: {},
      started_at: started.toISOString(),
      duration_ms: ctx.now().getTime() - started.getTime(),
      error: `could not prepare step ${step.number}: ${errorMessage(error)}`,
    };
  }
  if (step.command === null) throw new Error(`step ${step.number} has no command`);
  return ctx.execute({
    runId: state.run_id,
    sopName: state.sop_name,
    step: step.number,
    stepTitle: step.title,
    code: step.command,
    payload,
    outputs: state.outputs,
    cwd: ctx.cwd,
    baseEnv: ctx.env,
    ...(def.github_token === true && ctx.githubToken !== undefined ? { githubToken: ctx.githubToken } : {}),
    timeoutMs: step.timeout_ms,
    onOutput: ctx.hooks?.onOutput ? (chunk) => ctx.hooks?.onOutput?.(chunk, step) : undefined,
  });
}

function outcome(transitions: Transition[]): RunOutcome {
  const last = transitions[transitions.length - 1];
  if (!last) throw new Error('no transition');
  const first = transitions[0];
  const refusedEffect = first?.decided.effects.find((e) => e.type === 'refused');
  return {
    state: last.snapshot.state,
    def: last.def,
    transitions,
    ...(refusedEffect && refusedEffect.type === 'refused'
      ? { refused: { rule: String(refusedEffect.rule), reason: refusedEffect.reason, ...(refusedEffect.repeat ? { repeat: true } : {}) } }
      : {}),
    ...(first?.decided.duplicate ? { duplicate: true } : {}),
  };
}

/** Start a run and execute it up to its first wait or its end. */
export async function startRun(ctx: RunnerContext, req: StartRequest): Promise<RunOutcome> {
  const runId = req.runId ?? makeRunId(ctx.now(), ctx.random);
  const first = await applyEvent(ctx, runId, {
    type: 'start',
    run_id: runId,
    sop: req.def,
    sop_source: req.source,
    payload: startPayload(req.def, req.payload, runRedactor(req.def, ctx.env, req.payload, [ctx.githubToken])),
    started_by: req.startedBy,
    trigger: req.trigger,
    ...(req.workflowRunId !== undefined ? { workflow_run_id: req.workflowRunId } : {}),
    at: ctx.now().toISOString(),
    commit: req.commit,
  });
  const transitions = [first];
  await drive(ctx, first, transitions, req.payload);
  return outcome(transitions);
}

/**
 * Apply a person's approve/reject/done, then run what it unblocked. `known` is the run as the caller
 * just read it (saves a read; the write is still compare-and-swapped against it), and `def` its pinned
 * SOP as the caller already parsed it (saves a parse: a run's pinned text never changes).
 */
export async function runCommand(
  ctx: RunnerContext,
  runId: string,
  event: CommandEvent,
  known?: RunSnapshot,
  def?: SopDefinition,
): Promise<RunOutcome> {
  const first = await applyEvent(ctx, runId, event, def, known);
  const transitions = [first];
  await drive(ctx, first, transitions);
  return outcome(transitions);
}

/** End every gate past its approval.timeout as timed_out, and every claimed step whose runner was lost. Returns the runs that changed. */
export async function sweepRuns(ctx: RunnerContext): Promise<RunState[]> {
  const ended: RunState[] = [];
  for (const state of await ctx.store.listRuns()) {
    if (state.status !== 'pending_approval' && state.status !== 'running') continue;
    const t = await applyEvent(ctx, state.run_id, { type: 'sweep', at: ctx.now().toISOString() });
    if (t.decided.audit.length > 0) ended.push(t.snapshot.state);
  }
  return ended;
}

/** Marks the running step of `runId` failed ("runner lost") when its runner is gone; returns the run as it is then. */
export async function settleLostRunner(ctx: RunnerContext, snapshot: RunSnapshot): Promise<RunSnapshot> {
  const reason = await lostRunner(ctx, snapshot.state);
  if (reason === null) return snapshot;
  const t = await applyEvent(ctx, snapshot.state.run_id, { type: 'runner_lost', at: ctx.now().toISOString(), step: snapshot.state.current_step, reason }, undefined, snapshot);
  return t.snapshot;
}

/** Read a run or fail with a message that says how to find run ids. */
export async function requireRun(store: StateStore, runId: string): Promise<RunSnapshot> {
  const snap = await store.get(runId);
  if (!snap) throw new UserError(`unknown run ${runId} in ${store.description}; list runs with \`sop runs\``);
  return snap;
}
