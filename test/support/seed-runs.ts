// Seed a state branch with many realistic runs through `git fast-import` (git itself, fast): several sop(<run-id>) commits per run.
import { spawn } from 'node:child_process';
import type { AuditEntryInput, AuditFile } from '../../src/audit/format.js';
import type { RunState } from '../../src/engine/state-format.js';
import { gitEnv } from '../../src/store/git-exec.js';
import { applyWrite } from '../../src/store/run-files.js';
import { auditPath, logPath, statePath } from '../../src/store/run-layout.js';

export interface SeedOptions {
  /** How many runs. */
  runs: number;
  /** Spread over this many UTC days, ending with `lastDay` (default 365). */
  days?: number;
  /** Default 2026-11-30. */
  lastDay?: Date;
  branch?: string;
}

function dayString(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

function seededState(id: string, at: string, i: number, status: RunState['status'], step: number): RunState {
  return {
    run_id: id,
    sop_name: `sop-${i % 50}`,
    status,
    current_step: step,
    started_at: at,
    updated_at: at,
    payload: { version: 'v1.2.3' },
    mode: 'supervised',
    effective_mode: 'supervised',
    waiting_for: status === 'pending_approval' ? 'approval' : null,
    wait: status === 'pending_approval' ? { seq: 1, step: 1, waiting_for: 'approval', opened_at: at } : null,
    waits: 1,
    sop: { path: `sops/sop-${i % 50}.md`, sha256: 'a'.repeat(64), commit: 'b'.repeat(40), version: '1.0.0' },
    started_by: 'alice',
    trigger: { type: 'manual' },
    outputs: status === 'completed' ? { '1': { artifact: 'dist.tgz' } } : {},
    approvals: status === 'completed' ? [{ step: 1, wait: 1, by: 'bob', decision: 'approve', at, via: 'cli', ref: `cli:${i}` }] : [],
    history:
      status === 'completed'
        ? [1, 2, 3].map((s) => ({ step: s, status: 'completed' as const, output: `step ${s} ok\n`, timestamp: at, exit_code: 0, duration_ms: 5 }))
        : [{ step: 1, status: 'pending_approval' as const, output: '', timestamp: at }],
  };
}

/**
 * Write `runs` runs to the branch as two commits each (started and waiting; approved and
 * completed), every file exactly as the store writes it, so `sop verify` accepts them. Returns the
 * run ids, oldest first.
 */
export async function seedRuns(repoDir: string, options: SeedOptions): Promise<string[]> {
  const days = options.days ?? 365;
  const last = options.lastDay ?? new Date(Date.UTC(2026, 10, 30));
  const branch = options.branch ?? 'sop-state';
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repoDir, env: gitEnv(), stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed: ${stderr}`))));
  });
  const ids: string[] = [];
  let buffered: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  };
  const emit = async (text: string): Promise<void> => {
    buffered.push(text);
    size += text.length;
    if (size > 1 << 20) await flush();
  };
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let i = 0; i < options.runs; i++) {
    const day = new Date(last.getTime() - Math.floor(((options.runs - 1 - i) * days) / options.runs) * 86_400_000);
    const id = `run-${dayString(day)}-${i.toString(36).padStart(6, '0')}`;
    ids.push(id);
    const at = new Date(day.getTime() + (i % 86_400) * 1000).toISOString();
    const seconds = Math.floor(Date.parse(at) / 1000);
    const started: AuditEntryInput[] = [
      { ts: at, type: 'run_started', actor: 'alice', step: null, details: { sop_path: `sops/sop-${i % 50}.md` } },
      { ts: at, type: 'gate_opened', actor: 'system', step: 1, details: {} },
    ];
    const finished: AuditEntryInput[] = [
      { ts: at, type: 'approved', actor: 'bob', step: 1, details: { via: 'cli' } },
      ...[1, 2, 3].flatMap((s) => [
        { ts: at, type: 'step_started', actor: 'system', step: s, details: {} },
        { ts: at, type: 'step_completed', actor: 'system', step: s, details: { exit_code: 0 } },
      ]),
      { ts: at, type: 'run_completed', actor: 'system', step: 3, details: {} },
    ];
    let audit: AuditFile | null = null;
    let log: string | null = null;
    for (const [n, write] of [
      { state: seededState(id, at, i, 'pending_approval', 1), events: started, log: `[${at}] ----- run started, waiting for approval\n`, message: 'run started by alice' },
      { state: seededState(id, at, i, 'completed', 3), events: finished, log: [1, 2, 3].map((s) => `[${at}] ===== step ${s}: Step ${s} (exit code 0, 5 ms)\nstep ${s} ok\n`).join(''), message: 'approved by bob; run completed' },
    ].entries()) {
      const texts = applyWrite(id, audit, log, write);
      audit = texts.auditFile;
      log = texts.log;
      await emit(
        `commit refs/heads/${branch}\ncommitter sop-engine <sop-engine@users.noreply.github.com> ${seconds + n} +0000\n${data(`sop(${id}): ${write.message}`)}` +
          `M 100644 inline ${statePath(id)}\n${data(texts.state)}M 100644 inline ${auditPath(id)}\n${data(texts.audit)}M 100644 inline ${logPath(id)}\n${data(texts.log ?? '')}\n`,
      );
    }
  }
  await emit('done\n');
  await flush();
  child.stdin.end();
  await closed;
  return ids;
}
