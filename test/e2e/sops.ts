// SOP files the end-to-end tests commit to the repository under test: path → content.

interface SopText {
  name: string;
  mode?: string;
  triggers?: string;
  approval?: string;
  inputs?: string;
  steps: { title: string; code?: string }[];
}

/** One SOP file's text; `code` undefined makes a manual step. */
export function sopFile(s: SopText): string {
  const front = [`name: ${s.name}`, `description: ${s.name} for the end-to-end tests`];
  if (s.mode) front.push(`execution_mode: ${s.mode}`);
  if (s.triggers) front.push(`triggers:\n${s.triggers}`);
  if (s.approval) front.push(`approval:\n${s.approval}`);
  if (s.inputs) front.push(`inputs:\n${s.inputs}`);
  const steps = s.steps.map((step, i) => {
    const block = step.code === undefined ? 'Do it by hand.' : '```bash\n' + step.code + '\n```';
    return `## Step ${i + 1}: ${step.title}\n\n${block}\n`;
  });
  return `---\n${front.join('\n')}\n---\n# ${s.name}\n\n${steps.join('\n')}`;
}

/** Supervised two-step deploy: step 1 writes an output, step 2 reads it. */
export const DEPLOY = sopFile({
  name: 'deploy',
  mode: 'supervised',
  steps: [
    { title: 'Build', code: 'echo "building $SOP_PAYLOAD_VERSION for $SOP_RUN_ID"\necho "artifact=dist-$SOP_PAYLOAD_VERSION.tgz" >> "$SOP_OUTPUT"' },
    { title: 'Ship', code: 'echo "shipping $SOP_OUT_ARTIFACT"' },
  ],
});

export const FAILING = sopFile({
  name: 'failing',
  mode: 'supervised',
  steps: [{ title: 'Break', code: 'echo "about to break"\nexit 3' }],
});

export const NIGHTLY = sopFile({
  name: 'nightly',
  mode: 'auto',
  triggers: '  - type: cron\n    expression: "0 2 * * *"',
  steps: [{ title: 'Backup', code: 'echo "nightly backup by $SOP_NAME"' }],
});

/** A gate that times out one second after it opens. */
export const HASTY = sopFile({
  name: 'hasty',
  mode: 'supervised',
  approval: '  timeout: 1s',
  steps: [{ title: 'Never', code: 'echo "hasty ran"' }],
});

/** Started by repository_dispatch, either as `sop:hook` or through its webhook path. */
export const HOOK = sopFile({
  name: 'hook',
  mode: 'auto',
  triggers: '  - type: webhook\n    path: /deploy-hook',
  steps: [{ title: 'Echo', code: 'echo "version=$SOP_PAYLOAD_VERSION dry=$SOP_PAYLOAD_DRY_RUN started_by=$GITHUB_ACTOR"' }],
});

export function pinnedSop(word: string): string {
  return sopFile({ name: 'pinned', mode: 'supervised', steps: [{ title: 'Say', code: `echo "pinned text says ${word}"` }] });
}

export const SELF_OK = sopFile({
  name: 'self-ok',
  mode: 'supervised',
  approval: '  allow_self_approval: true',
  steps: [{ title: 'Go', code: 'echo "self-approved step ran"' }],
});

export const TEAM = sopFile({
  name: 'team',
  mode: 'supervised',
  approval: "  approvers: ['@acme/sre']",
  steps: [{ title: 'Go', code: 'echo "team step ran"' }],
});

export const TWO_OF_THREE = sopFile({
  name: 'two-of-three',
  mode: 'supervised',
  approval: '  approvers: [carol, dave, erin]\n  min_approvals: 2',
  steps: [{ title: 'Go', code: 'echo "two-of-three step ran"' }],
});

/** Marks each execution with a line, so a test can count how often the step ran. */
export const ONCE = sopFile({
  name: 'once',
  mode: 'supervised',
  steps: [{ title: 'Count', code: 'echo "EXECUTED-ONCE-MARK"' }],
});
