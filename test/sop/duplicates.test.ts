import { describe, expect, it } from 'vitest';
import { findDuplicateNames, type NamedSop } from '../../src/sop/duplicates.js';
import type { SopDefinition } from '../../src/sop/types.js';

function named(name: string, path: string, line = 2, column = 7): NamedSop {
  const sop: SopDefinition = {
    name, description: 'd', priority: 'normal', execution_mode: 'supervised', triggers: [{ type: 'manual' }],
    approval: { approvers: [], min_approvals: 1, allow_self_approval: false, timeout: '7d', timeout_ms: 604_800_000 },
    inputs: {}, steps: [], path, sha256: '0'.repeat(64),
  };
  return { sop, nameAt: { line, column } };
}

describe('findDuplicateNames', () => {
  it('finds nothing when names are unique', () => {
    expect(findDuplicateNames([named('a', 'sops/a.md'), named('b', 'sops/b.md')])).toEqual([]);
  });

  it('gives every file that shares a name an error naming all the others', () => {
    const errors = findDuplicateNames([named('deploy', 'sops/a.md'), named('x', 'sops/x.md'), named('deploy', 'sops/b.md', 3, 9), named('deploy', 'sops/c.md')]);
    expect(errors.map((e) => [e.file, e.line, e.column, e.message])).toEqual([
      ['sops/a.md', 2, 7, 'name "deploy" is also used by sops/b.md:3:9, sops/c.md:2:7'],
      ['sops/b.md', 3, 9, 'name "deploy" is also used by sops/a.md:2:7, sops/c.md:2:7'],
      ['sops/c.md', 2, 7, 'name "deploy" is also used by sops/a.md:2:7, sops/b.md:3:9'],
    ]);
  });
});
