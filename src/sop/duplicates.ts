// Finds SOP names used by more than one file; every such file gets an error naming the others.
import type { FilePoint } from './header.js';
import type { SopError } from './types.js';

/** A file that parsed (in full or up to its frontmatter): its name, its path, and where the name is written. */
export interface NamedSop {
  sop: { name: string; path: string };
  nameAt: FilePoint;
}

export function findDuplicateNames(entries: readonly NamedSop[]): SopError[] {
  const byName = new Map<string, NamedSop[]>();
  for (const e of entries) {
    const list = byName.get(e.sop.name) ?? [];
    list.push(e);
    byName.set(e.sop.name, list);
  }
  const errors: SopError[] = [];
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    for (const e of list) {
      const others = list.filter((o) => o !== e).map((o) => `${o.sop.path}:${o.nameAt.line}:${o.nameAt.column}`);
      errors.push({
        file: e.sop.path,
        line: e.nameAt.line,
        column: e.nameAt.column,
        message: `name "${name}" is also used by ${others.join(', ')}`,
        hint: 'SOP names must be unique: rename one of them (neither can run until then)',
      });
    }
  }
  return errors;
}
