// vitest globalSetup: builds the Action and CLI bundles from src/ into .test-build/ before any test runs,
// so the end-to-end tests never exercise a stale dist/. The committed dist/ is checked by .ci/run instead.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_BUILD = path.join(ROOT, '.test-build');

export default function setup(): void {
  // SOP_TEST_BUNDLES=dist tests the committed bundles as they are (e.g. to check a release).
  if (process.env['SOP_TEST_BUNDLES'] === 'dist') {
    process.env['SOP_E2E_ACTION_BUNDLE'] ??= path.join(ROOT, 'dist', 'index.js');
    process.env['SOP_E2E_CLI_BUNDLE'] ??= path.join(ROOT, 'dist', 'cli', 'index.js');
    return;
  }
  // SOP_TEST_REUSE_BUILD=1 keeps an existing .test-build/ (quicker while iterating on tests only).
  const reuse = process.env['SOP_TEST_REUSE_BUILD'] === '1' && existsSync(path.join(TEST_BUILD, 'index.js'));
  if (!reuse) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), TEST_BUILD], { cwd: ROOT, stdio: 'inherit' });
  // Workers are forked after globalSetup, so they inherit these.
  process.env['SOP_E2E_ACTION_BUNDLE'] = path.join(TEST_BUILD, 'index.js');
  process.env['SOP_E2E_CLI_BUNDLE'] = path.join(TEST_BUILD, 'cli', 'index.js');
}
