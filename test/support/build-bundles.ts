// vitest globalSetup: builds the Action and CLI bundles from src/ before any test runs, so the end-to-end
// tests never exercise a stale dist/. The committed dist/ is checked by .ci/run instead.
//
// Builds are kept by a hash of what goes into them (src/, the build script, the lockfile, tsconfig):
// a run whose sources did not change reuses the last build instead of paying ~30 s of ncc again, and
// two `npm test` runs side by side never write into each other's folder (each builds into a folder of
// its own and moves it into place in one rename).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_BUILD = path.join(ROOT, '.test-build');

/** The store concurrency tests' writer process and what it imports from test/ (src/ is in INPUTS). */
const WRITER_ENTRY = 'test/support/store-writer.ts';
const WRITER_INPUTS = [WRITER_ENTRY, 'test/support/store-workloads.ts'];

/** Everything a bundle is built from. */
const INPUTS = ['src', 'scripts', 'package-lock.json', 'tsconfig.json', ...WRITER_INPUTS];

function files(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs).sort().flatMap((name) => files(path.join(rel, name)));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const rel of INPUTS.flatMap(files)) hash.update(`${rel}\0`).update(readFileSync(path.join(ROOT, rel))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The bundles for the current sources: built once, then reused until a source changes. */
function ensureBuild(): string {
  const dir = path.join(TEST_BUILD, sourceHash());
  if (['index.js', 'cli/index.js', 'store-writer.mjs'].every((file) => existsSync(path.join(dir, file)))) return dir;
  const mine = path.join(TEST_BUILD, `building-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), mine, '--no-types'], { cwd: ROOT, stdio: 'inherit' });
    // The writer as one plain module: 16 of them start at once, and `node --import tsx` costs each ~0.5 s of CPU.
    buildSync({
      entryPoints: [path.join(ROOT, WRITER_ENTRY)],
      outfile: path.join(mine, 'store-writer.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    try {
      renameSync(mine, dir);
    } catch (error) {
      // Another run built the same sources first: use its copy.
      if (!existsSync(path.join(dir, 'index.js'))) throw error;
    }
  } finally {
    rmSync(mine, { recursive: true, force: true });
  }
  prune(dir);
  return dir;
}

/** Builds of older sources, once no run started in the last hour can still be using them. */
function prune(keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(TEST_BUILD)) {
    const dir = path.join(TEST_BUILD, name);
    if (dir !== keep && /^[0-9a-f]{16}$/.test(name) && statSync(dir).mtimeMs < hourAgo) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A folder for what test processes keep across their tests (test/support/action-harness.ts's
 * origin templates), removed when the run ends: vitest ends its workers without their exit handlers.
 */
function sharedTempDir(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sop-test-run-'));
  process.env['SOP_TEST_SHARED_TMP'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

export default function setup(): () => void {
  useBundles();
  return sharedTempDir();
}

/** Points the tests at the bundles to run (workers are forked after globalSetup, so they inherit these). */
function useBundles(): void {
  // SOP_TEST_BUNDLES=dist tests the committed bundles as they are (e.g. to check a release).
  if (process.env['SOP_TEST_BUNDLES'] === 'dist') {
    process.env['SOP_E2E_ACTION_BUNDLE'] ??= path.join(ROOT, 'dist', 'index.js');
    process.env['SOP_E2E_CLI_BUNDLE'] ??= path.join(ROOT, 'dist', 'cli', 'index.js');
    return;
  }
  const dir = ensureBuild();
  process.env['SOP_E2E_ACTION_BUNDLE'] = path.join(dir, 'index.js');
  process.env['SOP_E2E_CLI_BUNDLE'] = path.join(dir, 'cli', 'index.js');
  process.env['SOP_TEST_STORE_WRITER'] = path.join(dir, 'store-writer.mjs');
}
