// Looks an SOP up by name in a loaded catalog, with an actionable message when it is not there.
import { closest } from './did-you-mean.js';
import type { SopCatalog, SopDefinition } from './types.js';

export type FindSopResult = { ok: true; sop: SopDefinition } | { ok: false; error: string };

export function findSop(catalog: SopCatalog, name: string): FindSopResult {
  const sop = catalog.sops.find((s) => s.name === name);
  if (sop !== undefined) return { ok: true, sop };
  const names = catalog.sops.map((s) => s.name).sort();
  const match = closest(name, names);
  let error = `no SOP named "${name}"`;
  if (match !== undefined) error += ` (did you mean "${match}"?)`;
  error += names.length > 0 ? `; known SOPs: ${names.join(', ')}` : '; no valid SOPs were found';
  if (catalog.badFiles.length > 0) {
    const n = catalog.badFiles.length;
    error += `; ${n} file${n === 1 ? ' has' : 's have'} errors (${catalog.badFiles.join(', ')}): run "sop validate" to see them`;
  }
  return { ok: false, error };
}
