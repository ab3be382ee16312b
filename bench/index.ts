// `npm run bench`: the speed targets of the engine, CLI and Action, measured on this machine and printed as a table.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { runStep } from '../src/executor/run-step.js';
import { startRun, type RunnerContext } from '../src/runner/runner.js';
import { parseSop } from '../src/sop/parse.js';
import { loadSops } from '../src/sop/load.js';
import { DirStore } from '../src/store/dir-store.js';
import { GitStore } from '../src/store/git-store.js';
import type { StateStore } from '../src/store/types.js';
import { gitEnv } from '../src/store/git-exec.js';
import { seedRuns } from '../test/support/seed-runs.js';

const run = promisify(execFile);
const root = process.cwd();

interface Row {
  name: string;
  value: number;
  unit: string;
  target: number;
  /** true: lower is better (all of ours). */
  note?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function git(cwd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`git ${args.join(' ')}: ${err}`))));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

async function tempRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sop-bench-'));
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'init']);
  return dir;
}

function sopText(i: number, steps: number): string {
  const body = Array.from({ length: steps }, (_, k) => `## Step ${k + 1}: Step ${k + 1} of ${i}\nDo the thing.\n\`\`\`bash timeout=5m\necho ${i}-${k}\n\`\`\`\n`).join('\n');
  return `---\nname: sop-${i}\ndescription: Generated SOP ${i}\nversion: "1.0.${i}"\npriority: ${['low', 'normal', 'high', 'critical'][i % 4]}\nexecution_mode: ${['auto', 'supervised', 'step_by_step', 'priority_based'][i % 4]}\ntriggers:\n  - type: manual\n  - type: cron\n    expression: "${i % 60} ${i % 24} * * *"\napproval:\n  min_approvals: 1\n  timeout: 2d\ninputs:\n  version: { description: "Tag", required: false, pattern: "v[0-9.]+" }\n---\n# SOP ${i}\n\n${body}`;
}

/** parse+validate of 100 SOP files in a folder with remark, the one markdown parser (what `sop validate` does). */
const PARSE_COUNT = 100;

async function benchParse(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sop-bench-parse-'));
  await mkdir(join(dir, 'sops'));
  await Promise.all(Array.from({ length: PARSE_COUNT }, (_, i) => writeFile(join(dir, 'sops', `sop-${i}.md`), sopText(i, 5))));
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const catalog = await loadSops(join(dir, 'sops'), { root: dir });
    times.push(performance.now() - t);
    if (catalog.sops.length !== PARSE_COUNT) throw new Error(`expected ${PARSE_COUNT} SOPs, got ${catalog.sops.length}: ${catalog.errors[0]?.message}`);
  }
  await rm(dir, { recursive: true, force: true });
  return [{ name: `parse+validate ${PARSE_COUNT} SOPs (loadSops)`, value: median(times), unit: 'ms', target: 1000 }];
}

async function bareSpawns(n: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('bash', ['-c', 'true'], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
  }
  return performance.now() - t;
}

/** Per-step overhead: an auto SOP of 200 `true` steps, minus 200 bare bash spawns, per step. */
async function benchSteps(): Promise<Row[]> {
  const steps = 200;
  const text = `---\nname: many\ndescription: 200 true steps\nexecution_mode: auto\n---\n${Array.from({ length: steps }, (_, k) => `## Step ${k + 1}: t${k + 1}\n\`\`\`bash\ntrue\n\`\`\`\n`).join('\n')}`;
  const parsed = parseSop('sops/many.md', text);
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  const rows: Row[] = [];
  const stores: [string, () => Promise<{ store: StateStore; cwd: string }>][] = [
    ['git', async () => { const cwd = await tempRepo(); return { store: new GitStore({ repoDir: cwd }), cwd }; }],
    ['dir', async () => { const cwd = await mkdtemp(join(tmpdir(), 'sop-bench-dir-')); return { store: new DirStore(join(cwd, 'state')), cwd }; }],
  ];
  for (const [kind, open] of stores) {
    // Median of three rounds, each a fresh store and a fresh baseline: this machine's spawn time drifts.
    const rounds: { total: number; bare: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const { store, cwd } = await open();
      const ctx: RunnerContext = { store, execute: runStep, cwd, env: process.env, now: () => new Date(), random: Math.random };
      const bare = await bareSpawns(steps);
      const t = performance.now();
      const outcome = await startRun(ctx, { def: parsed.sop, source: text, payload: {}, startedBy: 'bench', trigger: { type: 'manual' }, commit: null });
      const total = performance.now() - t;
      if (outcome.state.status !== 'completed') throw new Error(`run ended ${outcome.state.status}`);
      await store.close();
      await rm(cwd, { recursive: true, force: true });
      rounds.push({ total, bare });
    }
    const overheads = rounds.map((r) => (r.total - r.bare) / steps);
    const mid = rounds[overheads.indexOf(median(overheads))] ?? { total: NaN, bare: NaN };
    rows.push({
      name: `engine overhead per step, ${kind} store`,
      value: median(overheads),
      unit: 'ms',
      target: 15,
      note: `median of 3: ${steps} steps ${mid.total.toFixed(0)} ms, bare spawns ${mid.bare.toFixed(0)} ms`,
    });
  }
  return rows;
}

async function timeCli(cwd: string, args: string[], n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(process.execPath, [join(root, 'dist/cli/index.js'), ...args], { cwd, maxBuffer: 256 << 20 });
    times.push(performance.now() - t);
  }
  return median(times);
}

/** `sop runs` and `sop status` with 10,000 runs in the git store, as whole CLI processes. */
async function benchRuns(): Promise<Row[]> {
  const repo = await tempRepo();
  const ids = await seedRuns(repo, { runs: 10_000 });
  const runs = await timeCli(repo, ['runs', '--json'], 3);
  const table = await timeCli(repo, ['runs'], 3);
  const status = await timeCli(repo, ['status', ids[5000] ?? ''], 5);
  await rm(repo, { recursive: true, force: true });
  return [
    { name: '`sop runs --json`, 10,000 runs (git store)', value: runs, unit: 'ms', target: 1000, note: 'whole CLI process' },
    { name: '`sop runs`, 10,000 runs (git store)', value: table, unit: 'ms', target: 1000, note: 'whole CLI process' },
    { name: '`sop status <id>`, 10,000 runs (git store)', value: status, unit: 'ms', target: 1000, note: 'whole CLI process' },
  ];
}

/** The Node the Action runs on (`runs.using: node24`): the `node` devDependency's binary. */
const NODE24 = join(root, 'node_modules/node/bin/node');

/**
 * Cold start of the Action bundle (dist/index.js, as `npm run build` leaves it) doing `list` on 20
 * SOPs, against a bare `node -e 0`, both on Node 24, alternating so all see the same machine load.
 * The same start on an empty sops/ is timed too: the difference is parsing the 20 SOPs with remark.
 */
async function benchColdStart(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sop-bench-action-'));
  const empty = await mkdtemp(join(tmpdir(), 'sop-bench-action-empty-'));
  await mkdir(join(dir, 'sops'));
  await mkdir(join(empty, 'sops'));
  await Promise.all(Array.from({ length: 20 }, (_, i) => writeFile(join(dir, 'sops', `sop-${i}.md`), sopText(i, 4))));
  const env = (workspace: string): NodeJS.ProcessEnv => ({
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'acme/ops',
    GITHUB_WORKSPACE: workspace,
    'INPUT_COMMAND': 'list',
    'INPUT_SOPS-DIR': 'sops',
    'INPUT_STATE-BRANCH': 'sop-state',
    'INPUT_PAYLOAD': '{}',
    'INPUT_APPROVAL-CHANNEL': 'issue',
    'INPUT_APPROVER-PERMISSION': 'write',
  });
  const once = async (args: string[], workspace = dir): Promise<number> => {
    const t = performance.now();
    await run(NODE24, args, { cwd: workspace, env: env(workspace) });
    return performance.now() - t;
  };
  const { stdout } = await run(NODE24, [join(root, 'dist/index.js')], { cwd: dir, env: env(dir) });
  if (!stdout.includes('sop-19')) throw new Error(`dist/index.js did not list the SOPs (run \`npm run build\` first):\n${stdout}`);
  const bare: number[] = [];
  const action: number[] = [];
  const noSops: number[] = [];
  for (let i = 0; i < 15; i++) {
    bare.push(await once(['-e', '0']));
    action.push(await once([join(root, 'dist/index.js')]));
    noSops.push(await once([join(root, 'dist/index.js')], empty));
  }
  await rm(dir, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
  const [a, b, e] = [median(action), median(bare), median(noSops)];
  return [
    {
      name: 'Action cold start (`list`, 20 SOPs) / bare `node -e 0`, Node 24',
      value: a / b,
      unit: '×',
      target: 3,
      note: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms (medians of 15); with no SOPs ${e.toFixed(0)} ms (${(e / b).toFixed(2)} ×); github/branch-deploy's bundle: 3.5×`,
    },
  ];
}

/** REST calls to open a gate and to resume one, counted on the fake GitHub server. */
async function benchApiCalls(): Promise<Row[]> {
  const harness = (await import('../test/support/action-harness.js')) as {
    measureApiCalls?: () => Promise<{ openGate: number; resume: number }>;
  };
  if (!harness.measureApiCalls) return [];
  const { openGate, resume } = await harness.measureApiCalls();
  return [
    { name: 'REST calls to open a gate (issue channel)', value: openGate, unit: 'calls', target: 3 },
    { name: 'REST calls to resume a gate (/approve, re-verification included)', value: resume, unit: 'calls', target: 8 },
  ];
}

/** Apparent bytes of the files under a folder (loose objects and packs), as `.git` growth is counted. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const STORE_RUNS = Number(process.env['SOP_BENCH_STORE_RUNS'] ?? 100_000);
const STORE_STEPS = 40;

/**
 * The bare origin seeded with STORE_RUNS runs (two sop(<run-id>) commits each, over 365 days up to
 * today), kept in .bench-cache/ so later bench runs skip seeding.
 */
async function seededOrigin(runs: number): Promise<{ dir: string; seededMs: number | null }> {
  const dir = join(root, '.bench-cache', `origin-${runs}`);
  const ready = join(dir, 'sop-bench-ready');
  if (await stat(ready).then(() => true, () => false)) {
    await git(dir, ['config', 'uploadpack.allowFilter', 'true']);
    await writeReverseIndexes(dir);
    return { dir, seededMs: null };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '-q', '--bare', '-b', 'main']);
  // As on GitHub: the server accepts partial-clone filters, which the Action's fetch uses.
  await git(dir, ['config', 'uploadpack.allowFilter', 'true']);
  const t = performance.now();
  const work = await tempRepo();
  await git(work, ['push', '-q', dir, 'main']);
  await rm(work, { recursive: true, force: true });
  await seedRuns(dir, { runs, lastDay: new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())) });
  // As git 2.41+ and GitHub's servers do: a reverse index beside each pack, or every fetch from
  // this origin first sorts the offsets of all its objects (0.27 s at 100,000 runs).
  await git(dir, ['-c', 'pack.writeReverseIndex=true', 'repack', '-adq']);
  const seededMs = performance.now() - t;
  await writeFile(ready, '');
  return { dir, seededMs };
}

/** A cache seeded before the reverse index was written gets one (git index-pack --rev-index). */
async function writeReverseIndexes(dir: string): Promise<void> {
  const packDir = join(dir, 'objects', 'pack');
  const names = await readdir(packDir);
  for (const pack of names.filter((n) => n.endsWith('.pack'))) {
    if (!names.includes(pack.replace(/\.pack$/, '.rev'))) await git(packDir, ['index-pack', '--rev-index', pack]);
  }
}

function autoSop(steps: number): { def: import('../src/sop/types.js').SopDefinition; text: string } {
  const text = `---\nname: forty\ndescription: ${steps} auto steps\nexecution_mode: auto\n---\n${Array.from({ length: steps }, (_, k) => `## Step ${k + 1}: t${k + 1}\n\`\`\`bash\necho step ${k + 1}\n\`\`\`\n`).join('\n')}`;
  const parsed = parseSop('sops/forty.md', text);
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  return { def: parsed.sop, text };
}

/** A 40-step auto run in a repository whose objects come from `origin` (no copy): wall ms per step and object bytes per step. */
async function stepsOn(origin: string | null): Promise<{ msPerStep: number; bytesPerStep: number; overheadPerStep: number }> {
  const cwd = await mkdtemp(join(tmpdir(), 'sop-bench-store-'));
  if (origin === null) await git(cwd, ['init', '-q', '-b', 'main']);
  else await git(tmpdir(), ['clone', '-q', '--shared', '--no-checkout', origin, cwd]);
  if (origin !== null) await git(cwd, ['branch', '-q', 'sop-state', 'origin/sop-state']);
  const { def, text } = autoSop(STORE_STEPS);
  const store = new GitStore({ repoDir: cwd });
  const ctx: RunnerContext = { store, execute: runStep, cwd, env: process.env, now: () => new Date(), random: Math.random };
  await store.listRunIds(); // start the reader, as the CLI's first read does
  const objects = join(cwd, '.git', 'objects');
  const before = await folderBytes(objects);
  const bare = await bareSpawns(STORE_STEPS);
  const t = performance.now();
  const outcome = await startRun(ctx, { def, source: text, payload: {}, startedBy: 'bench', trigger: { type: 'manual' }, commit: null });
  const total = performance.now() - t;
  if (outcome.state.status !== 'completed') throw new Error(`run ended ${outcome.state.status}`);
  await store.close();
  const grown = (await folderBytes(objects)) - before;
  await rm(cwd, { recursive: true, force: true });
  return { msPerStep: total / STORE_STEPS, bytesPerStep: grown / STORE_STEPS, overheadPerStep: (total - bare) / STORE_STEPS };
}

/** The Action's sync + one transition (fetch the tip and the run's path, commit, push) from a depth-1 checkout of main. */
async function fetchPushOn(origin: string, runId: string): Promise<{ total: number; fetch: number; push: number }> {
  const times: number[] = [];
  const fetches: number[] = [];
  const pushes: number[] = [];
  for (let round = 0; round < 3; round++) {
    const parent = await mkdtemp(join(tmpdir(), 'sop-bench-ws-'));
    const ws = join(parent, 'ws');
    await git(parent, ['clone', '-q', '--depth=1', '--branch', 'main', `file://${origin}`, ws]);
    const store = new GitStore({ repoDir: ws, remote: 'origin', partialFetch: true });
    const t = performance.now();
    await store.sync();
    const snap = await store.get(runId);
    if (snap === null) throw new Error(`${runId} is not on the seeded branch`);
    const fetched = performance.now();
    const put = await store.put(runId, snap.version, {
      state: { ...snap.state, updated_at: new Date().toISOString() },
      events: [{ ts: new Date().toISOString(), type: 'status_checked', actor: 'bench', step: null, details: { round } }],
      message: 'bench transition',
    });
    times.push(performance.now() - t);
    fetches.push(fetched - t);
    pushes.push(performance.now() - fetched);
    if (!put.ok) throw new Error('bench transition conflicted');
    await store.close();
    await rm(parent, { recursive: true, force: true });
  }
  return { total: median(times), fetch: median(fetches), push: median(pushes) };
}

/** The state branch at scale (issue 8): 0 runs against STORE_RUNS runs, as ratios measured in this one run. */
async function benchStore(): Promise<Row[]> {
  const { dir: big, seededMs } = await seededOrigin(STORE_RUNS);
  const { dir: small } = await seededOrigin(1);
  const lastOf = async (origin: string): Promise<string> => {
    const names = await git(origin, ['ls-tree', '-d', '--name-only', '-r', 'sop-state', 'runs']);
    return names.trim().split('\n').filter((n) => /\/run-[^/]+$/.test(n)).at(-1)?.split('/').at(-1) ?? '';
  };
  // Three runs each, alternating, so both see the same machine; the medians are compared.
  const emptyRuns: Awaited<ReturnType<typeof stepsOn>>[] = [];
  const fullRuns: Awaited<ReturnType<typeof stepsOn>>[] = [];
  for (let round = 0; round < 3; round++) {
    emptyRuns.push(await stepsOn(null));
    fullRuns.push(await stepsOn(big));
  }
  const medianOf = (runs: typeof emptyRuns) => ({
    msPerStep: median(runs.map((r) => r.msPerStep)),
    bytesPerStep: median(runs.map((r) => r.bytesPerStep)),
    overheadPerStep: median(runs.map((r) => r.overheadPerStep)),
  });
  const empty = medianOf(emptyRuns);
  const full = medianOf(fullRuns);
  const fetchSmall = await fetchPushOn(small, await lastOf(small));
  const fetchBig = await fetchPushOn(big, await lastOf(big));
  const n = STORE_RUNS.toLocaleString('en-US');
  const seeded = seededMs === null ? 'seeded earlier (.bench-cache/)' : `seeded in ${(seededMs / 1000).toFixed(0)} s`;
  return [
    { name: `per-step wall time, ${n} runs / 0 runs (git store, ${STORE_STEPS}-step auto SOP)`, value: full.msPerStep / empty.msPerStep, unit: '×', target: 1.3, note: `medians of 3: ${full.msPerStep.toFixed(1)} ms vs ${empty.msPerStep.toFixed(1)} ms; ${seeded}` },
    { name: `\`.git\` growth per step, ${n} runs`, value: full.bytesPerStep / 1024, unit: 'KiB', target: 64, note: `0 runs: ${(empty.bytesPerStep / 1024).toFixed(1)} KiB (loose objects, apparent size)` },
    {
      name: `Action fetch+push of one transition, ${n} runs / 0 runs`,
      value: fetchBig.total / fetchSmall.total,
      unit: '×',
      target: 1.5,
      note: `median of 3: ${fetchBig.total.toFixed(0)} ms vs ${fetchSmall.total.toFixed(0)} ms (bare origin on disk); the push alone ${fetchBig.push.toFixed(0)} vs ${fetchSmall.push.toFixed(0)} ms: the origin's receive-pack walks the new commit's whole tree`,
    },
    {
      name: `Action fetch of one run (tip, path, files), ${n} runs / 0 runs`,
      value: fetchBig.fetch / fetchSmall.fetch,
      unit: '×',
      target: 1.5,
      note: `median of 3: ${fetchBig.fetch.toFixed(0)} ms vs ${fetchSmall.fetch.toFixed(0)} ms (partial fetch, tree:0 per level)`,
    },
    { name: `engine overhead per step, ${n} runs (git store)`, value: full.overheadPerStep, unit: 'ms', target: 40, note: `median of 3: wall per step minus a bare bash spawn` },
  ];
}

function print(rows: Row[]): void {
  const fmt = (r: Row) => (r.unit === 'calls' ? String(r.value) : r.unit === '×' ? r.value.toFixed(2) : r.value.toFixed(r.value < 10 ? 2 : 0));
  const lines = rows.map((r) => [r.name, `${fmt(r)} ${r.unit}`, `< ${r.unit === 'calls' ? '≤ ' : ''}${r.target} ${r.unit}`.replace('< ≤', '≤'), r.value <= r.target ? 'ok' : 'MISSED', r.note ?? '']);
  const head = ['benchmark', 'measured', 'target', '', 'detail'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(row(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(row(l));
}

// `npm run bench -- steps runs` runs only the benchmarks whose names contain one of the words.
const only = process.argv.slice(2).map((w) => w.toLowerCase());
const rows: Row[] = [];
for (const bench of [benchParse, benchSteps, benchRuns, benchColdStart, benchApiCalls, benchStore]) {
  if (only.length > 0 && !only.some((w) => bench.name.toLowerCase().includes(w))) continue;
  process.stderr.write(`running ${bench.name}…\n`);
  rows.push(...(await bench()));
}
print(rows);
process.exit(0);
