// The state-store interface: where run state, audit chain and logs live (git branch or directory).
import type { AuditEntryInput, AuditFile } from '../audit/format.js';
import type { RunState } from '../engine/state-format.js';

export interface RunSnapshot {
  state: RunState;
  audit: AuditFile;
  /** Opaque token that changes whenever this run's files change (compare-and-swap key). */
  version: string;
}

export interface RunWrite {
  state: RunState;
  /** Appended to the run's audit chain (the store assigns seq, prev and hash). At least one. */
  events: AuditEntryInput[];
  /** Appended to the run's output.log. */
  log?: string;
  /** Commit message body after `sop(<run-id>): `. */
  message: string;
}

export type PutResult = { ok: true; version: string } | { ok: false; reason: 'conflict' };

export interface StateStore {
  /** e.g. `git:sop-state` or `dir:/home/me/.sop`. */
  readonly description: string;
  get(runId: string): Promise<RunSnapshot | null>;
  /** Compare-and-swap: lands only if the run's version is still `expected` (null: the run must not exist). */
  put(runId: string, expected: string | null, write: RunWrite): Promise<PutResult>;
  listRunIds(): Promise<string[]>;
  /** Every run's state (for `sop runs`); fast for 10,000 runs. */
  listRuns(): Promise<RunState[]>;
  readLog(runId: string): Promise<string | null>;
  /** Release processes or handles the store holds. */
  close(): Promise<void>;
}
