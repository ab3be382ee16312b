// Reads the steps of an SOP from its markdown body: `## Step N: Title` sections and their bash blocks.
import type { Code, Heading, Nodes, Root, RootContent } from 'mdast';
import { closest } from './did-you-mean.js';
import { parseDuration } from './duration.js';
import type { SopStep } from './types.js';

/** A body problem at a 1-based line and column of the file. */
export interface BodyIssue {
  line: number;
  column: number;
  message: string;
  hint: string;
}

export const DEFAULT_STEP_TIMEOUT_MS = 6 * 3_600_000;
const FENCE_ATTRIBUTES = ['timeout'] as const;
const COMMAND_LANGS = ['bash', 'sh'];
const GATE_MARKER = /\s*\(\s*(?:requires\s+approval|approval\s+required)\s*\)\s*$/i;
/** "Step" followed by a number, a colon or the end: anything else ("Steps", "Stepping") is documentation. */
const STEP_START = /^step(?=[\s:\d]|$)/i;

/**
 * `tree` must come from the full file text with the frontmatter blanked out, so node positions
 * are positions in the file; `text` is that same text.
 */
export function readSteps(tree: Root, text: string): { title?: string; steps: SopStep[]; issues: BodyIssue[] } {
  const issues: BodyIssue[] = [];
  const steps: SopStep[] = [];
  let title: string | undefined;
  let lastNumber = 0;
  const children = tree.children;

  for (let i = 0; i < children.length; i++) {
    const node = children[i] as RootContent;
    if (node.type !== 'heading') continue;
    const heading = plainText(node).trim();
    const line = node.position?.start.line ?? 1;
    const column = node.position?.start.column ?? 1;
    if (node.depth === 1) {
      if (STEP_START.test(heading) && /^step\s*\d+\s*:/i.test(heading)) {
        issues.push({ line, column, message: `"# ${heading}" is a level-1 heading; steps are level-2 headings`, hint: `write "## ${heading}"` });
      } else if (title === undefined) {
        title = heading;
      }
      continue;
    }
    if (node.depth !== 2 || !STEP_START.test(heading)) continue;

    // The step's section runs until the next heading of level 1 or 2.
    let end = i + 1;
    while (end < children.length && !isSectionBreak(children[end] as RootContent)) end++;
    const section = children.slice(i + 1, end);
    const sectionEnd = end < children.length ? offsetOf(children[end] as RootContent, 'start', text) : text.length;

    const parsed = parseHeading(heading, lastNumber + 1);
    if (!parsed.ok) {
      issues.push({ line, column, message: parsed.message, hint: parsed.hint });
      continue;
    }
    const { number } = parsed;
    if (number !== lastNumber + 1) {
      const message = number === lastNumber
        ? `duplicate Step ${number}: step numbers must count 1, 2, 3 (found Step ${number} twice)`
        : lastNumber === 0
          ? `step numbers must start at 1 (found Step ${number} first)`
          : `step numbers must count 1, 2, 3 (found Step ${number} after Step ${lastNumber})`;
      issues.push({ line, column, message, hint: `renumber this heading to "## Step ${lastNumber + 1}: ${parsed.rawTitle}" and the ones after it` });
    }
    // Keep counting from what was written, so one wrong number is one error, not one per later step.
    lastNumber = Math.max(number, lastNumber);

    const gate = GATE_MARKER.test(parsed.rawTitle);
    const stepTitle = parsed.rawTitle.replace(GATE_MARKER, '').trim();
    if (stepTitle === '') {
      issues.push({ line, column, message: `Step ${number} has only an approval marker and no title`, hint: `write a title before it, e.g. "## Step ${number}: Deploy (requires approval)"` });
    }

    const code = firstCommandBlock(section);
    let command: string | null = null;
    let timeout_ms = DEFAULT_STEP_TIMEOUT_MS;
    if (code !== undefined) {
      command = code.value.replace(/\r\n?/g, '\n');
      const codeLine = code.position?.start.line ?? line;
      if (command.trim() === '') {
        issues.push({ line: codeLine, column: code.position?.start.column ?? 1, message: `the ${code.lang ?? 'bash'} block of Step ${number} is empty`,
          hint: 'write the command in it, or remove the block to make this a manual step' });
      }
      const attrs = readFenceAttributes(code, text, number);
      issues.push(...attrs.issues);
      if (attrs.timeout_ms !== undefined) timeout_ms = attrs.timeout_ms;
    }

    const headingEnd = offsetOf(node, 'end', text);
    let description = text.slice(headingEnd, sectionEnd);
    if (code !== undefined) {
      const from = offsetOf(code, 'start', text) - headingEnd;
      const to = offsetOf(code, 'end', text) - headingEnd;
      description = description.slice(0, from) + description.slice(to);
    }
    steps.push({
      number,
      title: stepTitle,
      gate,
      command,
      timeout_ms,
      description: description.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim(),
      line,
    });
  }
  const result: { title?: string; steps: SopStep[]; issues: BodyIssue[] } = { steps, issues };
  if (title !== undefined) result.title = title;
  return result;
}

type HeadingParse = { ok: true; number: number; rawTitle: string } | { ok: false; message: string; hint: string };

function parseHeading(heading: string, expected: number): HeadingParse {
  const m = /^step\s*([^\s:]*)\s*(:?)\s*(.*)$/is.exec(heading);
  const token = m?.[1] ?? '';
  const colon = m?.[2] ?? '';
  const rest = (m?.[3] ?? '').trim();
  const example = `## Step ${expected}: ${rest === '' ? 'Title' : rest}`;
  if (token === '') {
    return { ok: false, message: `step heading "${heading}" has no step number`, hint: `write "${example}"` };
  }
  if (!/^\d+$/.test(token)) {
    return { ok: false, message: `step heading "${heading}": "${token}" is not a step number`, hint: `write a number, e.g. "${example}"` };
  }
  if (colon === '') {
    return { ok: false, message: `step heading "${heading}" is missing the colon after the number`, hint: `write "## Step ${token}: ${rest === '' ? 'Title' : rest}"` };
  }
  if (rest === '') {
    return { ok: false, message: `Step ${token} has no title`, hint: `write a title after the colon, e.g. "## Step ${token}: Build the project"` };
  }
  return { ok: true, number: Number(token), rawTitle: rest };
}

function isSectionBreak(node: RootContent): boolean {
  return node.type === 'heading' && (node as Heading).depth <= 2;
}

/** The first fenced `bash`/`sh` block of the section, looking inside lists and quotes too. */
function firstCommandBlock(section: RootContent[]): Code | undefined {
  for (const node of section) {
    const found = findCode(node);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findCode(node: Nodes): Code | undefined {
  if (node.type === 'code') {
    return node.lang !== null && node.lang !== undefined && COMMAND_LANGS.includes(node.lang.toLowerCase()) ? node : undefined;
  }
  if ('children' in node) {
    for (const child of node.children) {
      const found = findCode(child);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function readFenceAttributes(code: Code, text: string, step: number): { timeout_ms?: number; issues: BodyIssue[] } {
  const issues: BodyIssue[] = [];
  const meta = code.meta ?? '';
  if (meta.trim() === '') return { issues };
  const line = code.position?.start.line ?? 1;
  const fenceStart = code.position?.start.offset ?? 0;
  const lineStart = text.lastIndexOf('\n', fenceStart - 1) + 1;
  const lineEnd = text.indexOf('\n', fenceStart);
  const fenceLine = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const seen = new Set<string>();
  let timeout_ms: number | undefined;
  // Search from after the language so an attribute is found where it is written.
  let searchFrom = fenceLine.indexOf(code.lang ?? '') + (code.lang ?? '').length;
  for (const token of meta.trim().split(/\s+/)) {
    const index = fenceLine.indexOf(token, searchFrom);
    const column = index >= 0 ? index + 1 : (code.position?.start.column ?? 1);
    if (index >= 0) searchFrom = index + token.length;
    const m = /^([A-Za-z_][\w-]*)=(.*)$/.exec(token);
    if (m === null || m[2] === '') {
      issues.push({ line, column, message: `fence attribute "${token}" of Step ${step} is not key=value`, hint: 'write attributes as key=value after the language, e.g. ```bash timeout=10m' });
      continue;
    }
    const key = m[1] as string;
    const value = (m[2] as string).replace(/^(["'])(.*)\1$/, '$2');
    if (!(FENCE_ATTRIBUTES as readonly string[]).includes(key)) {
      const match = closest(key, FENCE_ATTRIBUTES);
      issues.push({ line, column, message: `unknown fence attribute "${key}" on Step ${step}${match === undefined ? '' : ` (did you mean "${match}"?)`}`,
        hint: match === undefined ? 'remove it; the only attribute is timeout (e.g. ```bash timeout=10m)' : `rename it to "${match}"` });
      continue;
    }
    if (seen.has(key)) {
      issues.push({ line, column, message: `fence attribute "${key}" is given twice on Step ${step}`, hint: 'keep only one' });
      continue;
    }
    seen.add(key);
    const d = parseDuration(value);
    if (d.ok) timeout_ms = d.ms;
    else issues.push({ line, column, message: `timeout of Step ${step}: ${d.error}`, hint: 'write e.g. timeout=90s, timeout=10m or timeout=2h' });
  }
  const result: { timeout_ms?: number; issues: BodyIssue[] } = { issues };
  if (timeout_ms !== undefined) result.timeout_ms = timeout_ms;
  return result;
}

function offsetOf(node: Nodes, which: 'start' | 'end', text: string): number {
  return node.position?.[which].offset ?? (which === 'start' ? 0 : text.length);
}

/** A heading's visible text: `Build \`app\` *now*` → "Build app now". */
function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if ('children' in node) return node.children.map((c) => plainText(c)).join('');
  return '';
}
