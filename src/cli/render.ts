// Human-readable CLI output: what happened to a run, and the next command to type.
import type { RunState } from '../engine/state-format.js';
import type { RefusalRule } from '../engine/types.js';
import { formatDuration } from '../sop/duration.js';
import type { SopDefinition } from '../sop/types.js';
import { refusalWhy } from '../text/refusal.js';


/** The one-line stderr message of a refused command: why in words, then the engine's details. */
export function refusalLine(refused: { rule: RefusalRule | string; reason: string }): string {
  return `refused: ${refusalWhy(refused.rule)}: ${refused.reason}`;
}

/** Approvals counted so far for the step a run waits on. */
export function approversOf(state: RunState, step: number): string[] {
  return [
    ...new Set(
      state.approvals.filter((a) => a.step === step && a.decision !== 'reject').map((a) => a.by),
    ),
  ];
}

/** Where the run stands, and what to type next. */
export function nextSteps(state: RunState, def: SopDefinition | undefined): string {
  const id = state.run_id;
  const step = def?.steps[state.current_step - 1];
  const title = step ? ` (${step.title})` : '';
  switch (state.status) {
    case 'pending_approval': {
      if (state.waiting_for === 'confirmation') {
        return [
          `${id} waits for someone to confirm manual step ${state.current_step}${title} is done.`,
          `  Confirm: sop done ${id}`,
          `  Reject:  sop reject ${id} --reason "why"`,
        ].join('\n');
      }
      const needed = def?.approval.min_approvals ?? 1;
      const have = approversOf(state, state.current_step);
      const progress = needed > 1 ? ` (${have.length} of ${needed}${have.length ? `: ${have.join(', ')}` : ''})` : '';
      const as = def && !def.approval.allow_self_approval ? ` --as <someone other than ${state.started_by}>` : '';
      return [
        `${id} waits for approval of step ${state.current_step}${title}${progress}.`,
        `  Approve: sop approve ${id}${as}`,
        `  Reject:  sop reject ${id} --reason "why"`,
      ].join('\n');
    }
    case 'running':
      return `${id} is running step ${state.current_step}${title}. Follow it: sop status ${id}`;
    case 'completed':
      return `${id} completed. Audit: sop verify ${id} · output: sop logs ${id}`;
    case 'failed':
      return `${id} failed: ${state.reason ?? 'a step failed'}. Output: sop logs ${id} --step ${state.current_step}`;
    case 'rejected':
      return `${id} was rejected: ${state.reason ?? ''}`.trimEnd();
    case 'timed_out':
      return `${id} timed out: ${state.reason ?? ''}`.trimEnd();
    case 'cancelled':
      return `${id} was cancelled: ${state.reason ?? ''}`.trimEnd();
  }
}

function stepLine(state: RunState, def: SopDefinition | undefined, n: number): string {
  const entries = state.history.filter((h) => h.step === n);
  const last = entries[entries.length - 1];
  const title = def?.steps[n - 1]?.title ?? '';
  let status = last ? last.status : 'not started';
  if (last?.status === 'pending_approval') status = `waiting for ${last.waiting_for ?? 'approval'}`;
  const extra: string[] = [];
  if (last?.duration_ms !== undefined) extra.push(formatDuration(last.duration_ms));
  if (last?.exit_code !== undefined && last.exit_code !== 0 && last.exit_code !== null) extra.push(`exit ${last.exit_code}`);
  if (last?.timed_out) extra.push('timed out');
  const by = approversOf(state, n);
  // A manual step is confirmed (sop done), not approved; say so, so the audit reads as it happened.
  const manual = def?.steps[n - 1]?.command === null;
  if (by.length) extra.push(`${manual ? 'confirmed' : 'approved'} by ${by.join(', ')}`);
  const rejected = state.approvals.find((a) => a.step === n && a.decision === 'reject');
  if (rejected) extra.push(`rejected by ${rejected.by}`);
  return `  ${String(n).padStart(2)}. ${title.padEnd(32)} ${status}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

export function statusText(state: RunState, def: SopDefinition | undefined): string {
  const steps = def ? def.steps.length : Math.max(state.current_step, ...state.history.map((h) => h.step));
  const mode = state.mode === state.effective_mode ? state.mode : `${state.mode} → ${state.effective_mode}`;
  const lines = [
    `Run:      ${state.run_id}`,
    `SOP:      ${state.sop_name} (${state.sop.path}${state.sop.commit ? ` @ ${state.sop.commit.slice(0, 12)}` : ''})`,
    `Status:   ${state.status}${state.waiting_for ? ` (waiting for ${state.waiting_for})` : ''}`,
    `Step:     ${state.current_step} of ${steps}`,
    `Mode:     ${mode}`,
    `Started:  ${state.started_at} by ${state.started_by}`,
    `Updated:  ${state.updated_at}`,
    `Steps:`,
  ];
  for (let n = 1; n <= steps; n++) lines.push(stepLine(state, def, n));
  lines.push('', nextSteps(state, def));
  return `${lines.join('\n')}\n`;
}

export function runsTable(states: RunState[]): string {
  if (states.length === 0) return 'No runs yet. Start one: sop execute <name>\n';
  const rows = states.map((s) => [s.run_id, s.sop_name, s.status, String(s.current_step), s.started_by, s.started_at]);
  const head = ['RUN', 'SOP', 'STATUS', 'STEP', 'BY', 'STARTED'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[fmt(head), ...rows.map(fmt)].join('\n')}\n`;
}
