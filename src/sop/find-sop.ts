// Looks an SOP up by name in a loaded catalog, with an actionable message when it is not there.
import { closest } from './did-you-mean.js';

export type FindSopResult<T> = { ok: true; sop: T } | { ok: false; error: string };

/** Works on a full catalog and on a frontmatter-only index alike. */
export function findSop<T extends { name: string }>(catalog: { sops: readonly T[]; badFiles: readonly string[] }, name: string): FindSopResult<T> {
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
