// `sop list` and `sop validate`: what SOPs exist, and what is wrong with the bad ones.
import { withCodeownersCheck } from '../../github/codeowners-source.js';
import { loadSops, validatePaths } from '../../sop/load.js';
import { formatSopError } from '../../sop/format-error.js';
import type { SopCatalog, SopDefinition, Trigger } from '../../sop/types.js';
import type { CliContext } from '../context.js';

function triggerText(t: Trigger): string {
  switch (t.type) {
    case 'manual':
      return 'manual';
    case 'cron':
      return `cron(${t.expression})`;
    case 'webhook':
      return `webhook(${t.path})`;
  }
}

function summary(def: SopDefinition) {
  return {
    name: def.name,
    description: def.description,
    path: def.path,
    version: def.version ?? null,
    priority: def.priority,
    execution_mode: def.execution_mode,
    steps: def.steps.length,
    gates: def.steps.filter((s) => s.gate).map((s) => s.number),
    manual_steps: def.steps.filter((s) => s.command === null).map((s) => s.number),
    triggers: def.triggers,
    inputs: def.inputs,
  };
}

function reportBad(ctx: CliContext, catalog: SopCatalog): void {
  if (catalog.badFiles.length === 0) return;
  ctx.io.stderr.write(
    `${catalog.badFiles.length} file(s) with errors, not listed: ${catalog.badFiles.join(', ')}\n` +
      `  see why: sop validate${ctx.opts.dir === 'sops' ? '' : ` --dir ${ctx.opts.dir}`}\n`,
  );
}

export async function listCommand(ctx: CliContext): Promise<number> {
  const catalog = await loadSops(ctx.sopsDir, { root: ctx.root });
  if (ctx.opts.json) {
    ctx.io.stdout.write(
      `${JSON.stringify({ sops: catalog.sops.map(summary), errors: catalog.errors }, null, 2)}\n`,
    );
    return 0;
  }
  if (catalog.sops.length === 0 && catalog.errors.length > 0 && catalog.badFiles.length === 0) {
    for (const e of catalog.errors) ctx.io.stderr.write(`${formatSopError(e)}\n`);
    return 1;
  }
  const rows = catalog.sops.map((d) => [
    d.name,
    d.execution_mode,
    d.priority,
    String(d.steps.length),
    d.triggers.map(triggerText).join(' '),
    d.description,
  ]);
  const head = ['NAME', 'MODE', 'PRIORITY', 'STEPS', 'TRIGGERS', 'DESCRIPTION'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  if (rows.length === 0) ctx.io.stdout.write(`No SOPs in ${ctx.opts.dir}/. Add a markdown file there (see README).\n`);
  else ctx.io.stdout.write(`${[fmt(head), ...rows.map(fmt)].join('\n')}\n`);
  if (rows.length > 0) ctx.io.stdout.write(`\nRun one: sop execute ${catalog.sops[0]?.name}\n`);
  reportBad(ctx, catalog);
  return 0;
}

export async function validateCommand(ctx: CliContext, paths: string[]): Promise<number> {
  const loaded = paths.length
    ? await validatePaths(paths, { root: ctx.root })
    : await loadSops(ctx.sopsDir, { root: ctx.root });
  // `approvers: [codeowners]` needs a CODEOWNERS file that owns the SOP, or no gate could pass.
  const catalog = await withCodeownersCheck(loaded, ctx.root);
  for (const e of catalog.errors) ctx.io.stdout.write(`${formatSopError(e)}\n`);
  const files = catalog.sops.length + catalog.badFiles.length;
  if (catalog.errors.length === 0) {
    ctx.io.stdout.write(`${files} SOP file(s) OK\n`);
    return 0;
  }
  ctx.io.stdout.write(
    `\n${catalog.errors.length} problem(s) in ${catalog.badFiles.length || 1} of ${Math.max(files, 1)} file(s)\n`,
  );
  return 1;
}
