// The three files a run owns (state, audit record, log): how they are serialised and how a write changes them.
import type { AuditFile } from '../audit/format.js';
import type { RunState } from '../engine/state-format.js';
import { appendEvents } from '../audit/chain.js';
import { assertRunId } from './run-layout.js';
import { stateSha256 } from '../audit/state-hash.js';
import type { RunWrite } from './types.js';

/** Pretty JSON, 2-space indent, trailing newline: readable in a diff of the state branch. */
export function toFileJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function parseStateFile(text: string, where: string): RunState {
  const value = parseJson(text, where);
  if (typeof value !== 'object' || value === null || typeof (value as { run_id?: unknown }).run_id !== 'string') {
    throw new Error(`${where} is not a run state (no run_id); restore it from the state branch history`);
  }
  return value as RunState;
}

export function parseAuditFile(text: string, where: string): AuditFile {
  const value = parseJson(text, where);
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as { run_id?: unknown }).run_id !== 'string' ||
    !Array.isArray((value as { events?: unknown }).events)
  ) {
    throw new Error(`${where} is not an audit record ({"run_id", "events"}); restore it from the state branch history`);
  }
  return value as AuditFile;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${where} is not valid JSON (${(error as Error).message}); restore it from the state branch history`);
  }
}

/**
 * The audit record after `write`: its events chained on, the last one carrying `state_sha256` of
 * the state the write stores. Stores and transact both call this, so they agree byte for byte.
 */
export function auditAfter(runId: string, currentAudit: AuditFile | null, write: RunWrite): AuditFile {
  assertRunId(runId);
  if (write.state.run_id !== runId) {
    throw new Error(`cannot store the state of run ${write.state.run_id} as run ${runId}`);
  }
  if (write.events.length === 0) {
    throw new Error(`a write to run ${runId} must append at least one audit event (every transition is audited)`);
  }
  return appendEvents(currentAudit, runId, write.events, stateSha256(write.state));
}

export interface RunFileTexts {
  state: string;
  audit: string;
  log: string | null;
  /** The audit record `audit` serialises (new object; the input is never modified). */
  auditFile: AuditFile;
}

/** The new contents of the run's files after `write`, given the current audit record and log. */
export function applyWrite(runId: string, currentAudit: AuditFile | null, currentLog: string | null, write: RunWrite): RunFileTexts {
  const audit = auditAfter(runId, currentAudit, write);
  const log = write.log === undefined || write.log === '' ? currentLog : (currentLog ?? '') + write.log;
  return { state: toFileJson(write.state), audit: toFileJson(audit), log, auditFile: audit };
}
