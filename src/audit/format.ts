// The audit file format: runs/<YYYY>/<MM>/<DD>/<run-id>/audit.json, a hash-chained list of audit events.

/** An audit event before the store chains it (adds seq, prev, hash). */
export interface AuditEntryInput {
  ts: string;
  /** e.g. run_started, gate_opened, approved, confirmed, rejected, step_started, step_completed,
   *  step_failed, run_completed, run_failed, run_rejected, run_timed_out, command_refused, channel. */
  type: string;
  /** A login, `schedule` or `system`. */
  actor: string;
  step: number | null;
  details: Record<string, unknown>;
}

export interface AuditEvent extends AuditEntryInput {
  seq: number;
  prev: string;
  hash: string;
  /** On the last event of each commit: sha256 of the canonical JSON of the state.json that commit wrote (SPEC 4). */
  state_sha256?: string;
}

export interface AuditFile {
  run_id: string;
  events: AuditEvent[];
}
