// The job summary ($GITHUB_STEP_SUMMARY) of one run: its steps, their status, duration and approvers. PURE.
import type { HistoryEntry, RunState } from '../engine/state-format.js';
import { formatDuration } from '../sop/duration.js';
import { statePath } from '../store/run-layout.js';
import type { SopDefinition } from '../sop/types.js';
import { boundText, truncatedNote } from '../text/bounded.js';
import { literal } from '../text/markdown.js';

export interface SummaryArgs {
  /** Undefined when the run's SOP is no longer in the catalog: the table then lists the steps the history knows. */
  def: SopDefinition | undefined;
  state: RunState;
  /** GITHUB_SERVER_URL, e.g. https://github.com. */
  serverUrl: string;
  /** "owner/name". */
  repo: string;
  stateBranch: string;
  issueNumber?: number | null;
}

const NOT_REACHED = '—';

/** GitHub refuses a step summary over 1 MiB; 300,000 UTF-16 code units are at most 900,000 bytes of UTF-8. */
const SUMMARY_LIMIT = 300_000;

const ENDED_WHY: Partial<Record<RunState['status'], string>> = {
  failed: 'Why it failed',
  rejected: 'Why it was rejected',
  timed_out: 'Why it timed out',
  cancelled: 'Why it was cancelled',
};

export function renderSummary(args: SummaryArgs): string {
  const { def, state } = args;
  const base = `${args.serverUrl.replace(/\/+$/, '')}/${args.repo}`;
  const name = def?.name ?? state.sop_name;
  const total = def?.steps.length;
  const at = total === undefined ? `step ${state.current_step}` : `step ${state.current_step} of ${total}`;
  const waiting = state.status === 'pending_approval' && state.waiting_for ? ` (waiting for ${state.waiting_for})` : '';
  const lines = [
    `## SOP \`${name}\`: run ${state.run_id}`,
    '',
    `**Status:** ${state.status}${waiting} at ${at} · started by @${literal(state.started_by, 100)} at ${state.started_at}`,
    '',
  ];
  const why = ENDED_WHY[state.status];
  if (why !== undefined && state.reason) lines.push(`**${why}:** ${literal(state.reason)}`, '');
  lines.push('| Step | Title | Status | Duration | Approvers |', '|---|---|---|---|---|');
  for (const step of stepsOf(def, state)) {
    lines.push(row(state, step.number, step.title));
  }
  lines.push('');
  const links: string[] = [];
  const issue = args.issueNumber ?? state.channel?.issue_number ?? null;
  if (issue !== null) links.push(`Issue: [#${issue}](${base}/issues/${issue})`);
  const file = statePath(state.run_id);
  links.push(`State: [${file}](${base}/blob/${args.stateBranch}/${file})`);
  lines.push(links.join(' · '), '');
  return boundText(lines.join('\n'), SUMMARY_LIMIT, truncatedNote(args.stateBranch));
}

/** Step numbers and titles as table cells: a title is shown literally, so it cannot add markup or end its cell. */
function stepsOf(def: SopDefinition | undefined, state: RunState): { number: number; title: string }[] {
  if (def) return def.steps.map((s) => ({ number: s.number, title: literal(s.title, 300) }));
  const numbers = [...new Set(state.history.map((h) => h.step))].sort((a, b) => a - b);
  return numbers.map((n) => ({ number: n, title: NOT_REACHED }));
}

function row(state: RunState, step: number, title: string): string {
  const entries = state.history.filter((h) => h.step === step);
  const last = entries.at(-1);
  const timed = entries.filter((h) => h.duration_ms !== undefined).at(-1);
  const cells = [
    String(step),
    title,
    last ? statusText(last) : NOT_REACHED,
    timed?.duration_ms !== undefined ? formatDuration(timed.duration_ms) : NOT_REACHED,
    approversText(state, step, entries),
  ];
  return `| ${cells.join(' | ')} |`;
}

function statusText(entry: HistoryEntry): string {
  if (entry.status === 'pending_approval') return `waiting for ${entry.waiting_for ?? 'approval'}`;
  if (entry.status === 'failed' && entry.timed_out) return 'failed (timed out)';
  if (entry.status === 'failed' && entry.exit_code !== undefined && entry.exit_code !== null) return `failed (exit ${entry.exit_code})`;
  return entry.status.replace('_', ' ');
}

/** Who approved or confirmed the step, and who rejected it, in the order they decided. */
function approversText(state: RunState, step: number, entries: HistoryEntry[]): string {
  const seen = new Set<string>();
  const names: string[] = [];
  const add = (text: string): void => {
    if (!seen.has(text)) {
      seen.add(text);
      names.push(text);
    }
  };
  const at = (login: string): string => `@${literal(login, 100)}`;
  for (const a of state.approvals.filter((x) => x.step === step)) {
    add(a.decision === 'reject' ? `${at(a.by)} (rejected)` : at(a.by));
  }
  // History `by` covers decisions recorded without an approvals entry (e.g. older states).
  for (const by of entries.flatMap((h) => h.by ?? [])) {
    if (!seen.has(at(by)) && !seen.has(`${at(by)} (rejected)`)) add(at(by));
  }
  return names.length > 0 ? names.join(', ') : NOT_REACHED;
}

