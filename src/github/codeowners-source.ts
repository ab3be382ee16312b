// Reads the repository's CODEOWNERS: at a run's pinned commit (git), or from the working tree (validate).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SopError } from '../sop/types.js';
import { CODEOWNERS_ENTRY, CODEOWNERS_LOCATIONS, codeownersProblems, ownersFor, parseCodeowners, type Codeowners, type ResolvedOwners } from './codeowners.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 << 20 });
    return stdout;
  } catch {
    return null;
  }
}

/**
 * CODEOWNERS as it was at `commit` (first of .github/, root, docs/), or null when none exists
 * there. A shallow checkout may lack the commit: it is fetched first. Throws when the commit
 * cannot be read at all, so a missing object is never mistaken for a missing file.
 */
export async function readCodeownersAt(repoDir: string, commit: string): Promise<Codeowners | null> {
  if ((await git(repoDir, ['cat-file', '-e', `${commit}^{commit}`])) === null) {
    await git(repoDir, ['fetch', '--no-tags', '--depth=1', 'origin', commit]);
    if ((await git(repoDir, ['cat-file', '-e', `${commit}^{commit}`])) === null) {
      throw new Error(`cannot read commit ${commit} (the run's pinned commit) to find its CODEOWNERS file; fetch it into the workspace`);
    }
  }
  for (const path of CODEOWNERS_LOCATIONS) {
    const text = await git(repoDir, ['show', `${commit}:${path}`]);
    if (text !== null) return parseCodeowners(path, text);
  }
  return null;
}

/** CODEOWNERS in the working tree under `root`, or null. */
export async function readCodeownersInTree(root: string): Promise<Codeowners | null> {
  for (const path of CODEOWNERS_LOCATIONS) {
    try {
      return parseCodeowners(path, await readFile(join(root, path), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    }
  }
  return null;
}

/** The owners CODEOWNERS gives a run's pinned SOP file: read at the pinned commit (the working tree outside git). */
export async function ownersAtPin(repoDir: string, pin: { path: string; commit: string | null }): Promise<ResolvedOwners> {
  const codeowners = pin.commit ? await readCodeownersAt(repoDir, pin.commit) : await readCodeownersInTree(repoDir);
  return ownersFor(codeowners, pin.path);
}

/**
 * `validate`: each SOP that names `codeowners` must get an owner from the CODEOWNERS file in the
 * working tree under `root` (SOP paths are relative to it). Problems become errors of those files.
 */
export async function withCodeownersCheck<C extends { sops: { path: string; approval: { approvers: string[] } }[]; errors: SopError[]; badFiles: string[] }>(
  catalog: C,
  root: string,
): Promise<C> {
  if (!catalog.sops.some((s) => s.approval.approvers.includes(CODEOWNERS_ENTRY))) return catalog;
  const problems = codeownersProblems(catalog.sops, await readCodeownersInTree(root));
  if (problems.length === 0) return catalog;
  const bad = new Set(problems.map((p) => p.file));
  return {
    ...catalog,
    sops: catalog.sops.filter((s) => !bad.has(s.path)),
    errors: [
      ...catalog.errors,
      ...problems.map((p) => ({ file: p.file, line: 1, column: 1, message: p.message, hint: 'CODEOWNERS is read from .github/, the repository root or docs/, as GitHub does' })),
    ],
    badFiles: [...catalog.badFiles, ...bad],
  };
}
