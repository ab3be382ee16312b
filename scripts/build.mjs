// Builds the two bundles that ship in dist/: the Action (dist/index.js) and the CLI (dist/cli/index.js).
// It builds into a temporary folder and swaps it in, so a failed build never leaves dist/ half-written.
// `node scripts/build.mjs OUT` builds into OUT instead of dist/ (the tests build their own copy this way).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);


// Minified: the Action's cold start compiles the whole entry file, and a smaller one measurably
// starts sooner (`npm run bench -- cold`). Our error classes set `name` explicitly, so mangling is safe.
const OPTIONS = { minify: true, target: 'es2022', quiet: true };
/** What scripts/undici-lazy.mjs exports: the only names the bundled packages may import from undici. */
const LAZY_UNDICI_NAMES = new Set(['ProxyAgent', 'fetch']);

async function bundle(entry, dir, options = {}) {
  const ncc = require('@vercel/ncc');
  const { code, assets } = await ncc(resolve(entry), { ...OPTIONS, ...options });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), code);
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), asset.source);
  }
}

/** Fails the build if a bundled package imports from undici anything the lazy stand-in does not provide. */
function checkUndiciImports() {
  const problems = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(c|m)?js$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        if (!text.includes('undici')) continue;
        const used = [];
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]undici['"]/g)) {
          used.push(...(m[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean));
        }
        // TypeScript's CommonJS output: `const undici_1 = require("undici")`, then `undici_1.Name`.
        for (const m of text.matchAll(/(?:const|var|let)\s+(\w+)\s*=\s*require\(\s*['"]undici['"]\s*\)/g)) {
          used.push(...[...text.matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)`, 'g'))].map((u) => u[1]));
        }
        const whole = text.replace(/(?:const|var|let)\s+\w+\s*=\s*require\(\s*['"]undici['"]\s*\)/g, '');
        if (/require\(\s*['"]undici['"]\s*\)|import\s*\*\s*as\s+\w+\s+from\s*['"]undici['"]|import\s+\w+\s+from\s*['"]undici['"]/.test(whole)) {
          problems.push(`${path} imports undici in a way this check cannot follow`);
        }
        for (const name of used) if (!LAZY_UNDICI_NAMES.has(name)) problems.push(`${path} uses ${name} from undici`);
      }
    }
  };
  for (const scope of ['node_modules/@actions', 'node_modules/@octokit']) walk(scope);
  if (problems.length > 0) {
    throw new Error(`scripts/undici-lazy.mjs does not provide what the bundle needs:\n  ${problems.join('\n  ')}\nadd the names there and to LAZY_UNDICI_NAMES`);
  }
}

/** The two bundles, each built by its own process (`node scripts/build.mjs --part NAME DIR`): on two cores they take the time of one. */
const PARTS = {
  // The Action: undici is left out and replaced by a stand-in that loads it on first use.
  action: async (dir) => {
    await bundle('src/action/index.ts', dir, { externals: { undici: './undici-lazy.mjs' } });
    copyFileSync('scripts/undici-lazy.mjs', join(dir, 'undici-lazy.mjs'));
    await bundle(require.resolve('undici'), join(dir, 'undici'));
    // dist/ is "type": "module"; the undici bundle is CommonJS.
    renameSync(join(dir, 'undici', 'index.js'), join(dir, 'undici', 'index.cjs'));
  },
  cli: (dir) => bundle('src/cli/index.ts', join(dir, 'cli')),
};

function buildPart(name, dir) {
  return new Promise((resolvePart, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--part', name, dir], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePart() : reject(new Error(stderr.trim() || `building the ${name} bundle exited with ${code}`))));
  });
}

if (process.argv[2] === '--part') {
  const [, , , name, dir] = process.argv;
  try {
    await PARTS[name](dir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
} else {
  const out = process.argv[2] ?? 'dist';
  const tmp = `${out}.building`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    checkUndiciImports();
    const results = await Promise.allSettled(Object.keys(PARTS).map((name) => buildPart(name, tmp)));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) throw new Error(failed.map((r) => r.reason.message).join('\n'));
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    console.error(error instanceof Error ? error.message : error);
    console.error(`build failed; ${out}/ was left as it was`);
    process.exit(1);
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
}
