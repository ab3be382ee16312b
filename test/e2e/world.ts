// One fresh "GitHub + repository" per test: the fake API with the cast of people, and a bare origin with SOPs.
import { afterEach } from 'vitest';
import { makeActionRepo, runAction, startActionFake, type ActionEvent, type ActionRepo, type ActionResult, type RunActionOptions } from '../support/action-harness.js';
import type { FakeGitHub } from '../support/fake-github.js';
import { cleanupTempRepos } from '../support/git.js';

export interface World {
  fake: FakeGitHub;
  repo: ActionRepo;
  /** One workflow run (a new process in a fresh checkout) for this event. */
  run(event: ActionEvent, more?: Omit<RunActionOptions, 'repo' | 'fake' | 'event'>): Promise<ActionResult>;
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
  return { fake, repo, run: (event, more) => runAction({ repo, fake, event, ...more }) };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
  await cleanupTempRepos();
});

/** The run's result as the failing test should show it: exit code and everything the Action printed. */
export function shown(r: ActionResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
