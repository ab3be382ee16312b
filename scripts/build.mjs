// Builds what ships in dist/: the Action (dist/index.js, and the packages it loads on first use) and the
// CLI (dist/cli/index.js).
// It builds into a temporary folder and swaps it in, so a failed build never leaves dist/ half-written.
// `node scripts/build.mjs OUT` builds into OUT instead of dist/; `--no-types` leaves out the type check
// that runs beside the bundling (the tests build their own copy so).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

// Minified: the Action's cold start compiles the whole entry file, and a smaller one measurably
// starts sooner (`npm run bench -- cold`). Our error classes set `name` explicitly, so mangling is safe.
const OPTIONS = { minify: true, target: 'es2022', quiet: true };
/**
 * Packages the Action bundle loads on first use instead of at its start: each is replaced by a stand-in
 * (scripts/<standIn>, copied to dist/) that exports only `names` and loads the package, bundled on its
 * own into dist/<dir>/index.cjs, when one of them is first used.
 */
const LAZY = {
  undici: { standIn: 'undici-lazy.cjs', dir: 'undici', names: ['ProxyAgent', 'fetch'] },
  '@actions/http-client': { standIn: 'http-client-lazy.cjs', dir: 'http-client', names: ['HttpClient'] },
  '@actions/exec': { standIn: 'exec-lazy.cjs', dir: 'exec', names: ['getExecOutput'] },
};

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

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** What `text` uses of the module `spec`: the names it imports, and imports this check cannot follow. */
function usesOf(text, spec) {
  const from = `['"]${escape(spec)}['"]`;
  const used = [];
  const membersOf = (binding) => [...text.matchAll(new RegExp(`\\b${escape(binding)}\\.(\\w+)`, 'g'))].map((u) => u[1]);
  for (const m of text.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*${from}`, 'g'))) {
    used.push(...(m[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean));
  }
  // `import * as ns from …` (@actions/github's http-client), then `ns.Name`.
  for (const m of text.matchAll(new RegExp(`import\\s*\\*\\s*as\\s+(\\w+)\\s+from\\s*${from}`, 'g'))) used.push(...membersOf(m[1]));
  // TypeScript's CommonJS output: `const undici_1 = require("undici")`, then `undici_1.Name`.
  const required = new RegExp(`(?:const|var|let)\\s+(\\w+)\\s*=\\s*require\\(\\s*${from}\\s*\\)`, 'g');
  for (const m of text.matchAll(required)) used.push(...membersOf(m[1]));
  const rest = text.replace(required, '').replace(new RegExp(`import\\s*\\*\\s*as\\s+\\w+\\s+from\\s*${from}`, 'g'), '');
  const unfollowed = new RegExp(`require\\(\\s*${from}\\s*\\)|import\\s+\\w+\\s*(?:,[^;]*)?from\\s*${from}|export\\s*[*{][^;]*from\\s*${from}`).test(rest);
  return { used, unfollowed };
}

/** Fails the build if a bundled package imports from a lazily loaded package anything its stand-in does not provide. */
function checkLazyImports() {
  const problems = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(c|m)?js$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const [spec, { standIn, names }] of Object.entries(LAZY)) {
          if (!text.includes(spec)) continue;
          const { used, unfollowed } = usesOf(text, spec);
          if (unfollowed) problems.push(`${path} imports ${spec} in a way this check cannot follow`);
          for (const name of used) if (!names.includes(name)) problems.push(`${path} uses ${name} from ${spec}, which scripts/${standIn} does not provide`);
        }
      }
    }
  };
  for (const scope of ['node_modules/@actions', 'node_modules/@octokit']) walk(scope);
  if (problems.length > 0) {
    throw new Error(`the lazy stand-ins do not provide what the bundle needs:\n  ${problems.join('\n  ')}\nadd the names to the stand-in and to LAZY in scripts/build.mjs`);
  }
}

/** The bundles, each part built by its own process (`node scripts/build.mjs --part NAME DIR`), so that two cores share the work. */
const PARTS = {
  // The Action, with the LAZY packages left out and their stand-ins in their place.
  action: (dir) => bundle('scripts/bundles/action.ts', dir, { externals: lazyExternals('.'), transpileOnly: true }),
  // The LAZY packages, each bundled on its own (CommonJS, loaded by its stand-in with require()); what
  // one of them imports from another goes through that one's stand-in too.
  lazy: async (dir) => {
    mkdirSync(dir, { recursive: true });
    for (const [spec, { standIn, dir: own }] of Object.entries(LAZY)) {
      copyFileSync(join('scripts', standIn), join(dir, standIn));
      const others = Object.fromEntries(Object.entries(lazyExternals('..')).filter(([other]) => other !== spec));
      await bundle(fileURLToPath(import.meta.resolve(spec)), join(dir, own), { esm: false, externals: others });
      // dist/ is "type": "module"; these bundles are CommonJS.
      renameSync(join(dir, own, 'index.js'), join(dir, own, 'index.cjs'));
    }
  },
  cli: (dir) => bundle('scripts/bundles/cli.ts', join(dir, 'cli'), { transpileOnly: true }),
};

/** ncc externals that point each LAZY package at its stand-in, as seen from a bundle in `from` (relative to dist/). */
function lazyExternals(from) {
  return Object.fromEntries(Object.entries(LAZY).map(([spec, { standIn }]) => [spec, `${from}/${standIn}`]));
}

/**
 * The bundles are compiled file by file without type information (ncc's transpile-only mode); this
 * checks the whole project's types with its own settings, as `npm run lint` does, beside the bundling.
 */
function typeCheck() {
  return new Promise((resolveCheck, reject) => {
    const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    tsc.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    tsc.on('error', reject);
    tsc.on('close', (code) => (code === 0 ? resolveCheck() : reject(new Error(`type check failed (tsc --noEmit -p tsconfig.json):\n${out.trim()}`))));
  });
}

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
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--')) ?? 'dist';
  const tmp = `${out}.building`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    checkLazyImports();
    const work = Object.keys(PARTS).map((name) => buildPart(name, tmp));
    // The tests' builds (--no-types) leave the type check to `npm run lint`.
    if (!args.includes('--no-types')) work.push(typeCheck());
    const results = await Promise.allSettled(work);
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
