// Plain-value builders for engine tests: SOP definitions, events, and a driver that plays a run out.
import { decide } from '../../src/engine/decide.js';
import type { RunState } from '../../src/engine/state-format.js';
import type { CommandEvent, Decided, EngineEvent } from '../../src/engine/types.js';
import type { ApprovalConfig, ExecutionMode, InputSpec, Priority, SopDefinition, SopStep } from '../../src/sop/types.js';

export type StepKind = 'run' | 'gate' | 'manual' | 'manual-gate';

export interface SopOptions {
  mode?: ExecutionMode;
  priority?: Priority;
  steps?: StepKind[];
  approval?: Partial<ApprovalConfig>;
  inputs?: Record<string, InputSpec>;
  version?: string;
}

export const RUN_ID = 'run-20260101-abc123';
const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

/** An ISO timestamp `seconds` after the fixed start of every test run. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

const TITLES = ['Build', 'Deploy', 'Check', 'Announce', 'Clean up'];

export function makeSop(options: SopOptions = {}): SopDefinition {
  const kinds = options.steps ?? ['run', 'run', 'run'];
  const steps: SopStep[] = kinds.map((kind, i) => ({
    number: i + 1,
    title: TITLES[i] ?? `Step ${i + 1}`,
    gate: kind === 'gate' || kind === 'manual-gate',
    command: kind === 'manual' || kind === 'manual-gate' ? null : `echo step ${i + 1}`,
    timeout_ms: 600_000,
    description: '',
    line: 10 + i * 5,
  }));
  return {
    name: 'deploy-frontend',
    description: 'Deploy frontend',
    ...(options.version !== undefined ? { version: options.version } : {}),
    priority: options.priority ?? 'normal',
    execution_mode: options.mode ?? 'supervised',
    triggers: [{ type: 'manual' }],
    approval: {
      approvers: [],
      min_approvals: 1,
      allow_self_approval: false,
      timeout: '7d',
      timeout_ms: 7 * 86_400_000,
      ...options.approval,
    },
    inputs: options.inputs ?? {},
    steps,
    path: 'sops/deploy-frontend.md',
    sha256: 'a'.repeat(64),
  };
}

export function startEvent(def: SopDefinition, extra: Partial<Extract<EngineEvent, { type: 'start' }>> = {}): EngineEvent {
  return {
    type: 'start',
    run_id: RUN_ID,
    sop: def,
    sop_source: '---\nname: deploy-frontend\n---\n',
    payload: {},
    started_by: 'alice',
    trigger: { type: 'manual' },
    at: at(0),
    commit: 'c'.repeat(40),
    ...extra,
  };
}

let refCounter = 0;
export function command(cmd: CommandEvent['command'], by: string, extra: Partial<CommandEvent> = {}): CommandEvent {
  refCounter += 1;
  const when = extra.at ?? at(60);
  return { type: 'command', command: cmd, by, at: when, issued_at: when, via: 'issue_comment', ref: `comment:${refCounter}`, ...extra };
}

export function finished(step: number, extra: Partial<Extract<EngineEvent, { type: 'step_finished' }>> = {}): EngineEvent {
  return {
    type: 'step_finished',
    step,
    at: at(120),
    exit_code: 0,
    timed_out: false,
    output: `output of step ${step}\n`,
    outputs: {},
    duration_ms: 1500,
    ...extra,
  };
}

/** Unwraps a successful decision, failing the test with the engine's own error otherwise. */
export function ok(d: Decided): Extract<Decided, { ok: true }> {
  if (!d.ok) throw new Error(`expected ok, got: ${d.error}`);
  return d;
}

export function started(def: SopDefinition, extra: Partial<Extract<EngineEvent, { type: 'start' }>> = {}): RunState {
  return ok(decide(def, null, startEvent(def, extra))).state;
}

/** Starts a run and answers every effect like a cooperative world would: approve gates with
 *  distinct approvers, confirm manual steps with /done, and finish each claimed step with exit 0.
 *  Returns the trace of waits (A = approval, C = confirmation), claims (R) and the ending. */
export function drive(def: SopDefinition, approvers: string[] = ['bob', 'carol', 'dave']): { trace: string[]; state: RunState } {
  const trace: string[] = [];
  let clock = 0;
  const first = ok(decide(def, null, startEvent(def)));
  let state = first.state;
  let effects = first.effects;
  for (let guard = 0; guard < 100; guard++) {
    const next: EngineEvent[] = [];
    for (const effect of effects) {
      clock += 1;
      if (effect.type === 'gate_opened') {
        trace.push(`${effect.waiting_for === 'approval' ? 'A' : 'C'}${effect.step}`);
        const needed = effect.waiting_for === 'approval' ? def.approval.min_approvals : 1;
        for (let i = 0; i < needed; i++) {
          const by = approvers[i] ?? `approver${i}`;
          next.push(command(effect.waiting_for === 'approval' ? 'approve' : 'done', by, { at: at(clock) }));
        }
      } else if (effect.type === 'run_step') {
        trace.push(`R${effect.step}`);
        next.push(finished(effect.step, { at: at(clock) }));
      } else if (effect.type === 'run_ended') {
        trace.push(`end:${effect.status}`);
        return { trace, state };
      }
    }
    if (next.length === 0) throw new Error(`run stalled with status ${state.status}; trace ${trace.join(' ')}`);
    effects = [];
    for (const event of next) {
      const decided = ok(decide(def, state, event));
      state = decided.state;
      effects.push(...decided.effects);
    }
  }
  throw new Error(`run did not end; trace ${trace.join(' ')}`);
}
