// Builds the two bundles that ship in dist/: the Action (dist/index.js) and the CLI (dist/cli/index.js).
// It builds into a temporary folder and swaps it in, so a failed build never leaves dist/ half-written.
// `node scripts/build.mjs OUT` builds into OUT instead of dist/ (the tests build their own copy this way).
import { execFileSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';

const out = process.argv[2] ?? 'dist';
const tmp = `${out}.building`;
rmSync(tmp, { recursive: true, force: true });
// Minified (-m): the Action's cold start compiles the whole entry file, and a smaller one measurably
// starts sooner (`npm run bench -- cold`). Our error classes set `name` explicitly, so mangling is safe.
const ncc = ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', '--quiet', '--minify', '--target', 'es2022'];
try {
  execFileSync(process.execPath, [...ncc, 'src/action/index.ts', '-o', tmp], { stdio: 'inherit' });
  execFileSync(process.execPath, [...ncc, 'src/cli/index.ts', '-o', `${tmp}/cli`], { stdio: 'inherit' });
} catch {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`build failed; ${out}/ was left as it was`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
