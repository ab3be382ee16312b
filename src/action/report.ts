// The requests that move no run (list, validate, ignore): answered from the catalog, without the runner, store or API.
import * as core from '@actions/core';
import { formatSopError } from '../sop/format-error.js';
import type { SopFolder } from '../sop/load.js';
import type { SopCatalog } from '../sop/types.js';
import type { ActionRequest } from './request.js';
import type { HandleResult } from './result.js';

export type ReportRequest = Extract<ActionRequest, { kind: 'list' | 'validate' | 'ignore' }>;

/** True for the requests report() answers: main.ts loads the run machinery for all the others only. */
export function isReport(req: ActionRequest): req is ReportRequest {
  return req.kind === 'list' || req.kind === 'validate' || req.kind === 'ignore';
}

/** An ignored event reads no SOP; list and validate parse all of them. */
export async function report(req: ReportRequest, sops: Pick<SopFolder, 'all'>): Promise<HandleResult> {
  switch (req.kind) {
    case 'ignore':
      core.notice(`sop-engine: nothing to do (${req.reason})`);
      return { runs: [] };
    case 'list':
      return list(await sops.all());
    case 'validate':
      return validate(await sops.all());
  }
}

function list(catalog: SopCatalog): HandleResult {
  for (const def of catalog.sops) {
    core.info(`${def.name}  (${def.execution_mode}, ${def.priority}, ${def.steps.length} steps)  ${def.description}`);
  }
  for (const e of catalog.errors) core.warning(formatSopError(e), { file: e.file, startLine: e.line, startColumn: e.column });
  return { runs: [] };
}

function validate(catalog: SopCatalog): HandleResult {
  for (const e of catalog.errors) core.error(formatSopError(e), { file: e.file, startLine: e.line, startColumn: e.column });
  const bad = catalog.badFiles.length;
  if (bad === 0) {
    core.info(`${catalog.sops.length} SOP file(s) OK`);
    return { runs: [] };
  }
  return { runs: [], failure: `${bad} SOP file(s) have errors (see the annotations above); fix them and push again` };
}
