// Where a run's files live (SPEC 4): runs/<YYYY>/<MM>/<DD>/<run-id>/{state.json,audit.json,output.log}, the date taken from the run id.
import { isRunId } from '../engine/run-id.js';

/** Top folder of the layout (SPEC 4): runs/<YYYY>/<MM>/<DD>/<run-id>/. */
export const RUNS_DIR = 'runs';
export const STATE_FILE = 'state.json';
export const AUDIT_FILE = 'audit.json';
export const LOG_FILE = 'output.log';

/** Run ids become folder names and give the folder its date, so anything else is refused. */
export function assertRunId(runId: string): void {
  if (!isRunId(runId)) {
    throw new Error(`invalid run id ${JSON.stringify(runId)}: expected run-YYYYMMDD-xxxxxx (UTC date, then 6 or more of a-z 0-9), e.g. run-20261126-k3f9x2`);
  }
}

/** The date folders of a run, from its id: ['2026', '11', '26']. */
export function runDate(runId: string): [string, string, string] {
  assertRunId(runId);
  const date = runId.slice(4, 12);
  return [date.slice(0, 4), date.slice(4, 6), date.slice(6, 8)];
}

/** `runs/2026/11/26/run-20261126-k3f9x2`: the run's folder, relative to the store root. */
export function runFolder(runId: string): string {
  return [RUNS_DIR, ...runDate(runId), runId].join('/');
}

export function statePath(runId: string): string {
  return `${runFolder(runId)}/${STATE_FILE}`;
}
export function auditPath(runId: string): string {
  return `${runFolder(runId)}/${AUDIT_FILE}`;
}
export function logPath(runId: string): string {
  return `${runFolder(runId)}/${LOG_FILE}`;
}

const YEAR = /^\d{4}$/;
const TWO_DIGITS = /^\d{2}$/;

/** Folder names the layout walks: a year, a month or a day folder, or a run folder of that day. */
export function isYearName(name: string): boolean {
  return YEAR.test(name);
}
export function isMonthOrDayName(name: string): boolean {
  return TWO_DIGITS.test(name);
}
/** A run folder counts only where its id's date says it belongs (a misfiled run is not listed). */
export function isRunFolderOf(name: string, year: string, month: string, day: string): boolean {
  return isRunId(name) && name.slice(4, 12) === `${year}${month}${day}`;
}
