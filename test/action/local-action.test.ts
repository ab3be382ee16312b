// The Action from src/ under GitHub's local runner (@github/local-action), through scripts/local-action.sh.
// local-action is not a devDependency (it brings ~350 packages, the Azure storage SDK among them), so
// this runs only where one is installed: SOP_LOCAL_ACTION=/path/to/node_modules/.bin/local-action.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env['SOP_LOCAL_ACTION'];

describe.skipIf(!bin)('under @github/local-action', () => {
  it('lists the SOPs and shows the outputs @actions/core received', async () => {
    const { stdout } = await promisify(execFile)(path.join(ROOT, 'scripts/local-action.sh'), [], { cwd: ROOT, maxBuffer: 16 << 20 });
    const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/hello {2}\(auto, normal, 3 steps\)/);
    const outputs = plain.slice(plain.indexOf('Action Outputs'));
    expect(outputs).not.toContain('No outputs were set');
    for (const name of ['run-id', 'status', 'current-step', 'issue-number', 'pull-number']) expect(outputs).toContain(`'${name}'`);
  });
});
