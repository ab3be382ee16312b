// `npm run bench`: the speed targets of the engine, CLI and Action, measured on this machine and printed as a table.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { appendEvents } from '../src/audit/chain.js';
import { runStep } from '../src/executor/run-step.js';
import { startRun, type RunnerContext } from '../src/runner/runner.js';
import { parseSop } from '../src/sop/parse.js';
import { loadSops } from '../src/sop/load.js';
import { DirStore } from '../src/store/dir-store.js';
import { GitStore } from '../src/store/git-store.js';
import type { StateStore } from '../src/store/types.js';
import type { AuditEntryInput, RunState } from '../src/engine/types.js';

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
    const child = spawn('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
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

/** parse+validate of 1,000 SOP files in a folder (what `sop validate` does). */
async function benchParse(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sop-bench-parse-'));
  await mkdir(join(dir, 'sops'));
  await Promise.all(Array.from({ length: 1000 }, (_, i) => writeFile(join(dir, 'sops', `sop-${i}.md`), sopText(i, 5))));
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const catalog = await loadSops(join(dir, 'sops'), { root: dir });
    times.push(performance.now() - t);
    if (catalog.sops.length !== 1000) throw new Error(`expected 1000 SOPs, got ${catalog.sops.length}: ${catalog.errors[0]?.message}`);
  }
  await rm(dir, { recursive: true, force: true });
  return [{ name: 'parse+validate 1,000 SOPs (loadSops)', value: median(times), unit: 'ms', target: 1000 }];
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

/** A realistic finished run, cloned under many run ids, written with git fast-import. */
async function seedRuns(repo: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const chunks: string[] = [];
  const date = '20261126';
  const blob = (path: string, content: string) => {
    const bytes = Buffer.byteLength(content);
    chunks.push(`M 100644 inline ${path}\ndata ${bytes}\n${content}\n`);
  };
  for (let i = 0; i < count; i++) {
    const id = `run-${date}-${i.toString(36).padStart(6, '0')}`;
    ids.push(id);
    const at = new Date(Date.UTC(2026, 10, 26, 0, 0, i % 60)).toISOString();
    const state: RunState = {
      run_id: id, sop_name: `sop-${i % 50}`, status: i % 7 === 0 ? 'pending_approval' : 'completed', current_step: 3,
      started_at: at, updated_at: at, payload: { version: 'v1.2.3' }, mode: 'supervised', effective_mode: 'supervised',
      waiting_for: i % 7 === 0 ? 'approval' : null, wait: i % 7 === 0 ? { seq: 1, step: 3, waiting_for: 'approval', opened_at: at } : null, waits: 1,
      sop: { path: `sops/sop-${i % 50}.md`, sha256: 'a'.repeat(64), commit: 'b'.repeat(40), version: '1.0.0' },
      started_by: 'alice', trigger: { type: 'manual' }, outputs: { '1': { artifact: 'dist.tgz' } },
      approvals: [{ step: 1, wait: 1, by: 'bob', decision: 'approve', at, via: 'cli', ref: `cli:${i}` }],
      history: [1, 2, 3].map((step) => ({ step, status: 'completed' as const, output: `step ${step} ok\n`, timestamp: at, exit_code: 0, duration_ms: 5 })),
    };
    const events: AuditEntryInput[] = [
      { ts: at, type: 'run_started', actor: 'alice', step: null, details: { sop_path: state.sop.path } },
      { ts: at, type: 'gate_opened', actor: 'system', step: 1, details: {} },
      { ts: at, type: 'approved', actor: 'bob', step: 1, details: {} },
      { ts: at, type: 'run_completed', actor: 'system', step: 3, details: {} },
    ];
    blob(`sop-state/${id}.json`, `${JSON.stringify(state, null, 2)}\n`);
    blob(`sop-audit/${id}.json`, `${JSON.stringify(appendEvents(null, id, events), null, 2)}\n`);
    blob(`sop-audit/${id}.log`, `[${at}] ----- started\n`);
  }
  const stream = `commit refs/heads/sop-state\ncommitter bench <bench@example.invalid> 1795000000 +0000\ndata 20\nsop(bench): seeding\n${chunks.join('')}\n`;
  await git(repo, ['fast-import', '--quiet'], stream);
  return ids;
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
  const ids = await seedRuns(repo, 10_000);
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
 * SOPs, against a bare `node -e 0`, both on Node 24, alternating so both see the same machine load.
 */
async function benchColdStart(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sop-bench-action-'));
  await mkdir(join(dir, 'sops'));
  await Promise.all(Array.from({ length: 20 }, (_, i) => writeFile(join(dir, 'sops', `sop-${i}.md`), sopText(i, 4))));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'acme/ops',
    GITHUB_WORKSPACE: dir,
    'INPUT_COMMAND': 'list',
    'INPUT_SOPS-DIR': 'sops',
    'INPUT_STATE-BRANCH': 'sop-state',
    'INPUT_PAYLOAD': '{}',
    'INPUT_APPROVAL-CHANNEL': 'issue',
    'INPUT_APPROVER-PERMISSION': 'write',
  };
  const once = async (args: string[]): Promise<number> => {
    const t = performance.now();
    await run(NODE24, args, { cwd: dir, env });
    return performance.now() - t;
  };
  const { stdout } = await run(NODE24, [join(root, 'dist/index.js')], { cwd: dir, env });
  if (!stdout.includes('sop-19')) throw new Error(`dist/index.js did not list the SOPs (run \`npm run build\` first):\n${stdout}`);
  const bare: number[] = [];
  const action: number[] = [];
  for (let i = 0; i < 15; i++) {
    bare.push(await once(['-e', '0']));
    action.push(await once([join(root, 'dist/index.js')]));
  }
  await rm(dir, { recursive: true, force: true });
  const [a, b] = [median(action), median(bare)];
  return [
    {
      name: 'Action cold start (`list`, 20 SOPs) / bare `node -e 0`, Node 24',
      value: a / b,
      unit: '×',
      target: 3,
      note: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms (medians of 15); github/branch-deploy's bundle: 3.5×`,
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
for (const bench of [benchParse, benchSteps, benchRuns, benchColdStart, benchApiCalls]) {
  if (only.length > 0 && !only.some((w) => bench.name.toLowerCase().includes(w))) continue;
  process.stderr.write(`running ${bench.name}…\n`);
  rows.push(...(await bench()));
}
print(rows);
process.exit(0);
