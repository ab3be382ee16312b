// Comment commands (SPEC 5.4): the first non-empty line decides; everything else is not a command.
import { toWellFormed } from '../text/well-formed.js';

export type CommentCommand = 'approve' | 'reject' | 'done' | 'cancel' | 'status';

export interface ParsedCommand {
  command: CommentCommand;
  /** The run id named after the command word, lowercased, if any. */
  runId?: string;
  /** `/approve step 2`, `/done step 3`: the step the decision is for (SPEC 3.1); checked against the open wait. */
  step?: number;
  /** `/reject`: the text after the command (and run id), later lines included; absent when empty. */
  reason?: string;
  /** `/approve`, `/done`: any text after the command (and run id), later lines included. */
  comment?: string;
}

export const RUN_ID_PATTERN = /^run-\d{8}-[a-z0-9]{6,}$/i;
const COMMAND_LINE = /^\/(approve|reject|done|cancel|status)(?:[ \t]+(.*))?$/i;

const STEP_WORDS = /^step[ \t]+(\d{1,4})(?=\s|$)/i;

/** `/approve [run-id] [step N]`, `/reject [run-id] <reason>`, `/done [run-id] [step N]`, `/status [run-id]`, or null. */
export function parseCommand(body: string): ParsedCommand | null {
  // The reason or comment is kept in the state and the audit: no lone surrogate from the webhook's JSON.
  const lines = toWellFormed(body).split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return null;
  const match = COMMAND_LINE.exec((lines[first] ?? '').trim());
  if (!match) return null;
  const command = (match[1] ?? '').toLowerCase() as CommentCommand;
  const rest = (match[2] ?? '').trim();
  const later = lines.slice(first + 1).join('\n').trim();

  const [head = ''] = rest.split(/\s+/);
  const runId = RUN_ID_PATTERN.test(head) ? head.toLowerCase() : undefined;
  const afterId = runId ? rest.slice(head.length).trim() : rest;

  if (command === 'reject' || command === 'cancel') {
    const reason = [afterId, later].filter((p) => p !== '').join('\n');
    return { command, ...(runId ? { runId } : {}), ...(reason ? { reason } : {}) };
  }
  const stepMatch = command === 'status' ? null : STEP_WORDS.exec(afterId);
  const step = stepMatch ? Number(stepMatch[1]) : undefined;
  const afterStep = stepMatch ? afterId.slice(stepMatch[0].length).trim() : afterId;
  // Text after `/approve` or `/done` ("/approve looks good") is kept as the decision's comment.
  const comment = [afterStep, later].filter((p) => p !== '').join('\n');
  return {
    command,
    ...(runId ? { runId } : {}),
    ...(step !== undefined && step > 0 ? { step } : {}),
    ...(comment && command !== 'status' ? { comment } : {}),
  };
}
