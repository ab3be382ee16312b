// A child process for store concurrency tests: waits for "go" on stdin, then writes to one run through transact().
// Usage: node --import tsx test/support/store-writer.ts <git|dir> <repo-or-dir> <run-id> <steps N | claim WORKER>
// (the tests run the bundle of it that their globalSetup builds: see test/support/build-bundles.ts).
import { createInterface } from 'node:readline';
import { DirStore } from '../../src/store/dir-store.js';
import { GitStore } from '../../src/store/git-store.js';
import type { StateStore } from '../../src/store/types.js';
import { claimStep1, writeSteps } from './store-workloads.js';

const [kind, location, runId, mode, arg] = process.argv.slice(2);
if (kind === undefined || location === undefined || runId === undefined || mode === undefined || arg === undefined) {
  process.stderr.write('usage: store-writer.ts <git|dir> <location> <run-id> <steps N | claim WORKER>\n');
  process.exit(2);
}
const store: StateStore = kind === 'git' ? new GitStore({ repoDir: location }) : new DirStore(location);

// Start barrier: every writer is loaded and waiting before any of them begins, so they really race.
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === 'go') break;
}
lines.close();

const result = mode === 'steps' ? await writeSteps(store, runId, Number(arg)) : await claimStep1(store, runId, arg);
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
