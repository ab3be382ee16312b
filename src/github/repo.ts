// Repository coordinates: parse "owner/name" (GITHUB_REPOSITORY) once into a typed value.

export interface RepoRef {
  owner: string;
  repo: string;
}

const PART = /^[A-Za-z0-9_.-]+$/;

export function parseRepo(text: string): RepoRef {
  const parts = text.trim().split('/');
  const [owner, repo] = parts;
  if (parts.length !== 2 || !owner || !repo || !PART.test(owner) || !PART.test(repo)) {
    throw new Error(
      `"${text}" is not a repository: expected "owner/name" (as in GITHUB_REPOSITORY, e.g. "octo-org/deploys").`,
    );
  }
  return { owner, repo };
}
