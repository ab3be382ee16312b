// One fresh "GitHub + repository" per test: the fake API with the cast of people, and a bare origin with SOPs.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { afterEach } from 'vitest';
import { makeActionRepo, OncePerKey, processTempDir, runAction, startActionFake, type ActionEvent, type ActionRepo, type ActionResult, type RunActionOptions } from '../support/action-harness.js';
import type { FakeGitHub, FakeGitHubSnapshot } from '../support/fake-github.js';
import { cleanupTempRepos, runGitIn } from '../support/git.js';

export interface World {
  fake: FakeGitHub;
  repo: ActionRepo;
  /** One workflow run (a new process in a fresh checkout) for this event. */
  run(event: ActionEvent, more?: Omit<RunActionOptions, 'repo' | 'fake' | 'event'>): Promise<ActionResult>;
  /**
   * `run`, for a test's setup (e.g. a dispatch that stops at the gate the test decides): the first
   * world in this test process to run `event` from a given starting point (SOP files, the fake
   * GitHub's state, origin's refs, the options) runs it; a later world at the same starting point
   * gets what that run left (a copy of origin and of the fake's state) and its result, without
   * starting the Action again. A run that failed is never reused.
   */
  reach(event: ActionEvent, more?: Pick<RunActionOptions, 'inputs' | 'env' | 'actor'>): Promise<Reached>;
}

/** What `reach` returns: the run's result without its checkout and workflow run id, which a reused run does not have. */
export type Reached = Pick<ActionResult, 'code' | 'stdout' | 'stderr' | 'outputs' | 'summary'>;

interface Arrival {
  origin: string;
  fake: FakeGitHubSnapshot;
  result: Reached;
}

/** Runs already made in this test process, by starting point. */
const arrivals = new OncePerKey<Arrival>();

async function startingPoint(sops: Record<string, string>, fake: FakeGitHub, repo: ActionRepo, event: ActionEvent, more: object): Promise<string> {
  const refs = await runGitIn(repo.origin, ['for-each-ref', '--format=%(refname) %(objectname)']);
  // Maps as their entries, patterns as text; the request log as method and path (URLSearchParams do not serialize).
  const state = JSON.stringify(fake.snapshot(), (key, value: unknown) => {
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof RegExp) return String(value);
    return key === 'requests' ? (value as { method: string; path: string }[]).map((r) => `${r.method} ${r.path}`) : value;
  });
  return createHash('sha256').update(JSON.stringify([sops, state, refs, event, more])).digest('hex');
}

async function reach(w: World, sops: Record<string, string>, event: ActionEvent, more: Pick<RunActionOptions, 'inputs' | 'env' | 'actor'> = {}): Promise<Reached> {
  const key = await startingPoint(sops, w.fake, w.repo, event, more);
  // Set when this world is the one that runs it (then it already holds what the run left).
  let ran: Reached | undefined;
  try {
    const { origin, fake, result } = await arrivals.get(key, async () => {
      const { code, stdout, stderr, outputs, summary } = await w.run(event, more);
      ran = { code, stdout, stderr, outputs, summary };
      if (code !== 0) throw new Error('the run failed: not kept');
      const kept = await processTempDir('reached-');
      await fs.cp(w.repo.origin, kept, { recursive: true, verbatimSymlinks: true });
      return { origin: kept, fake: w.fake.snapshot(), result: ran };
    });
    if (ran !== undefined) return ran;
    await fs.rm(w.repo.origin, { recursive: true, force: true });
    await fs.cp(origin, w.repo.origin, { recursive: true, verbatimSymlinks: true });
    w.fake.restore(fake);
    return structuredClone(result);
  } catch (error) {
    if (ran !== undefined) return ran;
    throw error;
  }
}

const open: FakeGitHub[] = [];

/**
 * alice starts runs; bob, carol, dave, erin, tina and nora have write access; rita has read, tom
 * triage; tina is in @acme/sre. Everyone else is not a collaborator.
 */
export async function world(sops: Record<string, string>): Promise<World> {
  const fake = await startActionFake();
  open.push(fake);
  for (const login of ['alice', 'bob', 'carol', 'dave', 'erin', 'tina', 'nora']) fake.addCollaborator(login, 'write');
  fake.addCollaborator('rita', 'read');
  fake.addCollaborator('tom', 'triage');
  fake.addTeamMember('acme', 'sre', 'tina');
  const files = Object.fromEntries(Object.entries(sops).map(([name, text]) => [`sops/${name}.md`, text]));
  const repo = await makeActionRepo({ sops: files });
  fake.useGitRepository(repo.origin);
  const w: World = {
    fake,
    repo,
    run: (event, more) => runAction({ repo, fake, event, ...more }),
    reach: (event, more) => reach(w, sops, event, more),
  };
  return w;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
  await cleanupTempRepos();
});

/** The run's result as the failing test should show it: exit code and everything the Action printed. */
export function shown(r: Reached): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
