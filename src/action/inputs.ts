// The Action's inputs (SPEC 5.1), parsed once into a typed settings object with actionable errors.
import { isRunId } from '../engine/run-id.js';
import { UserError } from '../errors.js';
import { APPROVER_PERMISSIONS, type ApproverPermission } from '../github/eligibility.js';
import type { ApprovalChannel } from '../sop/types.js';

export type ActionCommand = 'auto' | 'execute' | 'approve' | 'reject' | 'done' | 'cancel' | 'status' | 'list' | 'validate' | 'sweep';
export const ACTION_COMMANDS: readonly ActionCommand[] = [
  'auto', 'execute', 'approve', 'reject', 'done', 'cancel', 'status', 'list', 'validate', 'sweep',
];
const APPROVAL_CHANNELS: readonly ApprovalChannel[] = ['issue', 'pull-request'];

export interface ActionInputs {
  command: ActionCommand;
  /** SOP name for `execute`; undefined when not given. */
  sop?: string;
  /** The `payload` input, already parsed (default `{}`). */
  payload: Record<string, unknown>;
  /** A well-formed run id, or undefined when not given. */
  runId?: string;
  reason?: string;
  /** The step a dispatch decision is for (checked against the open wait). */
  step?: number;
  sopsDir: string;
  stateBranch: string;
  approvalChannel: ApprovalChannel;
  approverPermission: ApproverPermission;
  /** May be empty: `list` and `validate` need no token. */
  githubToken: string;
}

/** `get` behaves like @actions/core's getInput: it returns '' for an input that is not set. */
export function parseInputs(get: (name: string) => string): ActionInputs {
  const text = (name: string): string => get(name).trim();
  const optional = (name: string): string | undefined => text(name) || undefined;
  const runId = optional('run-id');
  return {
    command: parseChoice(text('command') || 'auto', ACTION_COMMANDS, withLabel('command')),
    sop: optional('sop'),
    payload: parsePayloadText(text('payload'), withLabel('payload')),
    runId: runId === undefined ? undefined : parseRunIdText(runId, withLabel('run-id')),
    reason: optional('reason'),
    step: parseStepText(optional('step'), withLabel('step')),
    sopsDir: text('sops-dir') || 'sops',
    stateBranch: parseBranchName(text('state-branch') || 'sop-state', withLabel('state-branch')),
    approvalChannel: parseChoice(text('approval-channel') || 'issue', APPROVAL_CHANNELS, withLabel('approval-channel')),
    approverPermission: parseChoice(text('approver-permission') || 'write', APPROVER_PERMISSIONS, withLabel('approver-permission')),
    githubToken: text('github-token'),
  };
}

/** How an input is written in a workflow file, so the user can find the line to fix. */
export function withLabel(name: string): string {
  return `with: ${name}:`;
}

/** One of `allowed` (case-insensitive), or a UserError naming the input and the allowed values. */
export function parseChoice<T extends string>(value: string, allowed: readonly T[], label: string): T {
  const lower = value.trim().toLowerCase();
  const found = allowed.find((a) => a === lower);
  if (found === undefined) {
    throw new UserError(`${label} "${value}" is not allowed; use one of ${allowed.join(', ')}`);
  }
  return found;
}

const PAYLOAD_EXAMPLE = `'{"version": "v1.2.3"}'`;

/** JSON object text ('' means `{}`); anything else is a UserError that shows an example. */
export function parsePayloadText(text: string, label: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UserError(`${label} is not valid JSON (${why}); write a JSON object, for example: payload: ${PAYLOAD_EXAMPLE}`);
  }
  if (!isPlainObject(value)) {
    throw new UserError(`${label} must be a JSON object, but it is ${describeJson(value)}; write a JSON object, for example: payload: ${PAYLOAD_EXAMPLE}`);
  }
  return value;
}

/** A step number (1, 2, …) or undefined when not given. */
export function parseStepText(text: string | undefined, label: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const step = Number(text.trim());
  if (!Number.isSafeInteger(step) || step < 1) throw new UserError(`${label} "${text}" is not a step number; write the number of the step the decision is for, e.g. 2`);
  return step;
}

/** A well-formed run id (run ids become file names, so nothing else may pass). */
export function parseRunIdText(text: string, label: string): string {
  const id = text.trim();
  if (!isRunId(id)) {
    throw new UserError(
      `${label} "${text}" is not a run id; run ids look like run-20261126-k3f9x2 (the run's issue title and \`sop runs\` show them)`,
    );
  }
  return id;
}

/** Rejects what git would refuse as a branch name, before any git command runs with it. */
export function parseBranchName(name: string, label: string): string {
  const problem = branchNameProblem(name);
  if (problem !== null) {
    throw new UserError(`${label} "${name}" is not a usable branch name (${problem}); use a name like sop-state`);
  }
  return name;
}

function branchNameProblem(name: string): string | null {
  if (/\s/.test(name)) return 'it contains whitespace';
  if (name.startsWith('-')) return 'it starts with "-"';
  if (name.includes('..')) return 'it contains ".."';
  if (/[~^:?*[\\\x00-\x1f\x7f]/.test(name)) return 'it contains one of ~ ^ : ? * [ \\ or a control character';
  if (name.includes('@{') || name === '@') return 'it contains "@{" or is "@"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'it has an empty path component';
  if (name.endsWith('.') || name.endsWith('.lock')) return 'it ends with "." or ".lock"';
  if (name.split('/').some((part) => part.startsWith('.'))) return 'a path component starts with "."';
  return null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
