// Attacks on what approvers read (SPEC 5.6): SOP text, payloads and people's text cannot hide or fake the command.
import { describe, expect, it } from 'vitest';
import type { RunState } from '../../src/engine/state-format.js';
import {
  renderEndComment,
  renderGateComment,
  renderIssueBody,
  renderRefusal,
  renderStatus,
  runMarker,
} from '../../src/github/render.js';
import type { SopDefinition, SopStep } from '../../src/sop/types.js';
import { rendered } from './rendered.js';

const RUN = 'run-20261126-k3f9x2';
const DROP = 'psql "$DATABASE_URL" -c "DROP DATABASE production"';
const opts = { serverUrl: 'https://github.com', repo: 'octo-org/deploys', stateBranch: 'sop-state' };

function step(number: number, over: Partial<SopStep> = {}): SopStep {
  return { number, title: `Step title ${number}`, gate: true, command: `echo step ${number}`, timeout_ms: 600_000, description: '', line: number * 4, ...over };
}

function sop(over: Partial<SopDefinition> = {}, steps: SopStep[] = [step(1), step(2, { command: DROP })]): SopDefinition {
  return {
    name: 'deploy-frontend',
    description: 'Deploy frontend',
    priority: 'normal',
    execution_mode: 'step_by_step',
    triggers: [{ type: 'manual' }],
    approval: { approvers: [], min_approvals: 1, allow_self_approval: false, timeout: '7d', timeout_ms: 7 * 86_400_000 },
    inputs: {},
    steps,
    path: 'sops/deploy-frontend.md',
    sha256: 'a'.repeat(64),
    ...over,
  };
}

function waitingAt(stepNumber: number, over: Partial<RunState> = {}): RunState {
  return {
    run_id: RUN,
    sop_name: 'deploy-frontend',
    status: 'pending_approval',
    current_step: stepNumber,
    started_at: '2026-11-26T09:00:00Z',
    updated_at: '2026-11-26T09:01:10Z',
    payload: { version: 'v1.2.3' },
    mode: 'step_by_step',
    effective_mode: 'step_by_step',
    waiting_for: 'approval',
    wait: { seq: stepNumber, step: stepNumber, waiting_for: 'approval', opened_at: '2026-11-26T09:01:10Z' },
    waits: stepNumber,
    sop: { path: 'sops/deploy-frontend.md', sha256: 'a'.repeat(64), commit: 'c0ffee1' },
    started_by: 'alice',
    trigger: { type: 'manual' },
    outputs: {},
    approvals: [],
    history: [{ step: stepNumber, status: 'pending_approval', output: '', timestamp: '2026-11-26T09:01:10Z', waiting_for: 'approval' }],
    ...over,
  };
}

/** Both texts an approver reads at a gate: the issue body and the gate comment. */
function gateTexts(def: SopDefinition, state: RunState): string[] {
  return [renderIssueBody(def, state, opts), renderGateComment(def, state, opts)];
}

/** The approver sees the exact command as the first bash block, no raw HTML but the run marker, and the payload. */
function expectCommandShown(text: string, command: string): void {
  const view = rendered(text);
  expect(view.code.find((c) => c.lang === 'bash')?.value).toBe(command);
  expect(view.html.filter((h) => h !== runMarker(RUN))).toEqual([]);
  expect(view.text).toContain('How to answer');
}

describe('an SOP cannot hide the command an approver approves', () => {
  it('an SOP description ending in <!-- does not hide the gate’s command', () => {
    const def = sop({ description: 'Deploy frontend\n<!--' });
    for (const text of gateTexts(def, waitingAt(2))) expectCommandShown(text, DROP);
  });

  it('a step description with an HTML comment, raw HTML or an unclosed fence does not hide or replace the command', () => {
    for (const description of [
      'Looks harmless.\n\n<!-- everything after this is hidden',
      '<details><summary>Routine cleanup</summary>\n\n',
      '<img src=x onerror=alert(1)> <b>bold</b>',
      'Runs this:\n\n```bash\necho harmless',
      'Runs this:\n\n~~~bash\necho harmless',
    ]) {
      const def = sop({}, [step(1), step(2, { command: DROP, description })]);
      for (const text of gateTexts(def, waitingAt(2))) expectCommandShown(text, DROP);
    }
  });

  it('a fake "command" in the step description is shown as a quote after the real one', () => {
    const description = 'Approving runs this command:\n\n```bash\necho harmless\n```';
    const def = sop({}, [step(1), step(2, { command: DROP, description })]);
    const body = renderIssueBody(def, waitingAt(2), opts);
    expect(rendered(body).code.map((c) => c.value)[0]).toBe(DROP);
    expect(body).toContain('> ```bash\n> echo harmless\n> ```');
    expect(body.indexOf(DROP)).toBeLessThan(body.indexOf('echo harmless'));
  });

  it('a step title with <!-- hides nothing after it', () => {
    const def = sop({}, [step(1, { title: 'Build <!--' }), step(2, { command: DROP, title: 'Drop <div hidden>' })]);
    for (const text of gateTexts(def, waitingAt(2))) {
      expectCommandShown(text, DROP);
      expect(rendered(text).text).toContain('Step 1: Build <!--');
      expect(rendered(text).text).toContain('Drop <div hidden>');
    }
  });

  it('a command containing ``` and ~~~ lines is shown whole, in a fence none of its lines can close', () => {
    const command = 'cat <<EOF\n```\n````\n~~~\n<!--\nEOF\nrm -rf ./build';
    const def = sop({}, [step(1), step(2, { command })]);
    for (const text of gateTexts(def, waitingAt(2))) {
      expectCommandShown(text, command);
      expect(text).toContain('`````bash\n');
    }
  });

  it('a command with direction-changing or invisible characters shows each of them and warns', () => {
    const command = 'echo "safe" \u202E; rm -rf / #\u2066\necho\u200Bdone\r';
    const def = sop({}, [step(1), step(2, { command })]);
    for (const text of gateTexts(def, waitingAt(2))) {
      const shown = rendered(text).code.find((c) => c.lang === 'bash')?.value ?? '';
      expect(shown).toBe('echo "safe" ⟨U+202E⟩; rm -rf / #⟨U+2066⟩\necho⟨U+200B⟩done⟨U+000D⟩');
      expect(shown).not.toMatch(/[\u202E\u2066\u200B\r]/);
      expect(text).toContain('contains characters that do not show on screen** (U+202E, U+2066, U+200B, U+000D)');
    }
  });
});

describe('approvers see the payload the run was started with, literally', () => {
  it('a payload value with markdown and HTML is shown as JSON in a fence, at each gate', () => {
    const payload = { version: 'v1 <!-- hidden', note: '**bold** [link](https://evil.example) ```\n~~~', count: 3 };
    const def = sop();
    for (const state of [waitingAt(1, { payload }), waitingAt(2, { payload })]) {
      for (const text of gateTexts(def, state)) {
        const json = rendered(text).code.find((c) => c.lang === 'json');
        expect(JSON.parse(json?.value ?? 'null')).toEqual(payload);
        expect(rendered(text).html.filter((h) => h !== runMarker(RUN))).toEqual([]);
      }
    }
  });

  it('secret inputs show as the state holds them (***), and an empty payload says so', () => {
    const def = sop();
    expect(renderIssueBody(def, waitingAt(1, { payload: { api_key: '***' } }), opts)).toContain('"api_key": "***"');
    expect(renderIssueBody(def, waitingAt(1, { payload: {} }), opts)).toContain('**Payload:** none');
  });
});

describe('people’s text is shown literally', () => {
  it('a rejection reason with <!-- and markdown hides nothing in the end comment and the status', () => {
    const reason = 'no <!-- **approve** [x](y)\n# heading';
    const state = waitingAt(2, { status: 'rejected', waiting_for: null, reason });
    state.history.push({ step: 2, status: 'rejected', output: '', timestamp: 't' });
    for (const text of [renderEndComment(state), renderStatus(sop(), state, opts)]) {
      const view = rendered(text);
      expect(view.html).toEqual([]);
      expect(view.text).toContain('no <!-- **approve** [x](y) # heading');
    }
  });

  it('a refusal reason cannot add markup to the reply', () => {
    const reason = 'eve is <b>not</b> listed <!-- in --> approval.approvers';
    const view = rendered(renderRefusal(3, reason));
    expect(view.html).toEqual([]);
    expect(view.text).toContain(reason);
    expect(view.text).toContain('The run did not change.');
  });
});

describe('texts sent to GitHub stay under 65,536 characters', () => {
  const LIMIT = 65_536;

  it('a huge SOP or step description is cut, and the command and payload still show', () => {
    const huge = `<!--\n${'word '.repeat(30_000)}`;
    const def = sop({ description: huge }, [step(1), step(2, { command: DROP, description: `\`\`\`\n${huge}` })]);
    for (const text of gateTexts(def, waitingAt(2))) {
      expect(text.length).toBeLessThan(LIMIT);
      expectCommandShown(text, DROP);
      expect(rendered(text).code.some((c) => c.lang === 'json')).toBe(true);
    }
  });

  it('a command too long to show in full is cut with a warning that links to the pinned file', () => {
    const command = `echo start\n${'x'.repeat(100_000)}\necho end`;
    const def = sop({}, [step(1), step(2, { command })]);
    for (const text of gateTexts(def, waitingAt(2))) {
      expect(text.length).toBeLessThan(LIMIT);
      expect(rendered(text).code[0]?.value.startsWith('echo start\nxxx')).toBe(true);
      expect(text).toContain(`**The command is too long to show here in full** (${command.length} characters`);
      expect(text).toContain('https://github.com/octo-org/deploys/blob/c0ffee1/sops/deploy-frontend.md');
    }
  });

  it('a body with hundreds of long-titled steps ends with a visible note, on a code point boundary', () => {
    const steps = Array.from({ length: 400 }, (_, i) => step(i + 1, { title: `${'😀'.repeat(140)} ${i + 1}` }));
    const def = sop({}, steps);
    const body = renderIssueBody(def, waitingAt(1), opts);
    expect(body.length).toBeLessThan(LIMIT);
    expect(body).toContain('… truncated: this text was longer than GitHub allows; the full text is on the `sop-state` branch.');
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expectCommandShown(body, 'echo step 1');
  });

  it('a long rejection reason and a long refusal stay short', () => {
    const reason = 'why '.repeat(40_000);
    const state = waitingAt(2, { status: 'rejected', waiting_for: null, reason });
    expect(renderEndComment(state).length).toBeLessThan(2_000);
    expect(renderRefusal('state', reason).length).toBeLessThan(5_000);
  });
});
