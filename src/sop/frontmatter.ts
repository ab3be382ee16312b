// Turns the frontmatter's YAML value into typed SOP fields, reporting every problem with its key path.
import { checkCron } from './cron.js';
import { closest } from './did-you-mean.js';
import { parseDuration } from './duration.js';
import type { PathPart } from './yaml-positions.js';
import {
  EXECUTION_MODES,
  PRIORITIES,
  type ApprovalChannel,
  type ApprovalConfig,
  type ExecutionMode,
  type InputSpec,
  type Priority,
  type SopDefinition,
  type Trigger,
} from './types.js';

/** A frontmatter problem; `at` says whether to point at the key or its value. */
export interface FrontmatterIssue {
  path: PathPart[];
  at: 'key' | 'value';
  message: string;
  hint: string;
}

export type FrontmatterFields = Pick<
  SopDefinition,
  'name' | 'description' | 'version' | 'priority' | 'execution_mode' | 'triggers' | 'approval' | 'inputs' | 'secrets' | 'github_token'
>;

/** Reads the source text of a value, to quote it back in hints (e.g. `1.0`, which YAML reads as 1). */
export type SourceReader = (path: PathPart[]) => string | undefined;

const TOP_KEYS = [
  'name', 'description', 'version', 'priority', 'execution_mode', 'triggers', 'approval', 'inputs', 'secrets', 'github_token',
] as const;
const APPROVAL_KEYS = ['approvers', 'min_approvals', 'allow_self_approval', 'timeout', 'channel'] as const;
const INPUT_KEYS = ['description', 'required', 'pattern', 'default', 'secret'] as const;
const TRIGGER_TYPES = ['manual', 'cron', 'webhook'] as const;
const TRIGGER_KEYS: Readonly<Record<(typeof TRIGGER_TYPES)[number], readonly string[]>> = {
  manual: ['type'],
  cron: ['type', 'expression'],
  webhook: ['type', 'path'],
};
const CHANNELS: readonly ApprovalChannel[] = ['issue', 'pull-request'];

const NAME_RE = /^[a-z0-9][a-z0-9._-]*$/;
/** An environment variable name a workflow's `env:` can set. */
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** GitHub login syntax: alphanumerics and single inner hyphens, at most 39 characters. */
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const TEAM_RE = /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const DEFAULT_APPROVAL_TIMEOUT = '7d';

type Mapping = Record<string, unknown>;

function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Validates the parsed frontmatter. `fields` is present only when there were no issues. */
export function checkFrontmatter(data: unknown, source: SourceReader): { fields?: FrontmatterFields; issues: FrontmatterIssue[] } {
  const issues: FrontmatterIssue[] = [];
  const issue = (path: PathPart[], at: 'key' | 'value', message: string, hint: string): void => {
    issues.push({ path, at, message, hint });
  };

  // An empty frontmatter block reads as null: report the missing keys rather than the type.
  const fm: Mapping = data === null || data === undefined ? {} : isMapping(data) ? data : {};
  if (!(data === null || data === undefined || isMapping(data))) {
    issue([], 'key', `frontmatter must be a mapping of keys to values, but it is ${describe(data)}`,
      'write one "key: value" per line, e.g. "name: deploy" and "description: Deploy the app" (no leading "- ")');
    return { issues };
  }

  unknownKeys(fm, TOP_KEYS, [], 'frontmatter key', issue);

  const name = fm['name'];
  if (name === undefined || name === null || name === '') {
    issue(name === undefined ? [] : ['name'], 'key', 'frontmatter has no "name"', 'add a line "name: my-sop" (lowercase letters, digits, ".", "_" and "-")');
  } else if (typeof name !== 'string') {
    issue(['name'], 'value', `name must be text, but it is ${describe(name)}`, `write it in quotes, e.g. name: "${slug(String(name))}"`);
  } else if (!NAME_RE.test(name)) {
    issue(['name'], 'value', `name "${name}" may only contain lowercase letters, digits, ".", "_" and "-", and must start with a letter or digit`,
      `rename it, e.g. name: ${slug(name)}`);
  }

  const description = fm['description'];
  if (description === undefined) {
    issue([], 'key', 'frontmatter has no "description"', 'add a line "description: What this procedure does"');
  } else if (typeof description !== 'string' || description.trim() === '') {
    issue(['description'], 'key', `description must be non-empty text, but it is ${describe(description)}`,
      'write a short sentence, e.g. description: Deploy the frontend to staging');
  }

  const version = fm['version'];
  if (version !== undefined && typeof version !== 'string') {
    const raw = source(['version']) ?? String(version);
    issue(['version'], 'value', `version must be text, but YAML reads ${raw} as ${describe(version)}`, `quote it: version: "${raw}"`);
  }

  const priority = enumField(fm, 'priority', PRIORITIES, 'normal', issue);
  const mode = enumField(fm, 'execution_mode', EXECUTION_MODES, 'supervised', issue);
  const triggers = checkTriggers(fm['triggers'], issue);
  const approval = checkApproval(fm['approval'], issue);
  const inputs = checkInputs(fm['inputs'], issue);
  const secrets = checkSecrets(fm['secrets'], issue);
  const githubToken = fm['github_token'];
  if (githubToken !== undefined && typeof githubToken !== 'boolean') {
    issue(['github_token'], 'value', `github_token must be true or false, but it is ${describe(githubToken)}`,
      'write github_token: true to give steps the Action\'s token as GITHUB_TOKEN, or remove the line (steps then get no token)');
  }

  if (issues.length > 0 || typeof name !== 'string' || typeof description !== 'string') return { issues };
  const fields: FrontmatterFields = {
    name,
    description: description.trim(),
    priority,
    execution_mode: mode,
    triggers,
    approval,
    inputs,
  };
  if (typeof version === 'string') fields.version = version;
  if (secrets.length > 0) fields.secrets = secrets;
  if (githubToken === true) fields.github_token = true;
  return { fields, issues };
}

type Report = (path: PathPart[], at: 'key' | 'value', message: string, hint: string) => void;

function unknownKeys(map: Mapping, known: readonly string[], path: PathPart[], what: string, issue: Report): void {
  for (const key of Object.keys(map)) {
    if (known.includes(key)) continue;
    const match = closest(key, known);
    issue([...path, key], 'key', `unknown ${what} "${key}"${match === undefined ? '' : ` (did you mean "${match}"?)`}`,
      match === undefined ? `remove it; known keys are: ${known.join(', ')}` : `rename it to "${match}"`);
  }
}

function enumField<T extends string>(fm: Mapping, key: string, allowed: readonly T[], fallback: T, issue: Report): T {
  const v = fm[key];
  if (v === undefined) return fallback;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  const match = typeof v === 'string' ? closest(v, allowed) : undefined;
  issue([key], 'value', `${key} must be one of ${allowed.join(', ')}, but it is ${describe(v)}${match === undefined ? '' : ` (did you mean "${match}"?)`}`,
    `write ${key}: ${match ?? fallback}, or remove the line for the default (${fallback})`);
  return fallback;
}

function checkTriggers(value: unknown, issue: Report): Trigger[] {
  if (value === undefined) return [{ type: 'manual' }];
  if (!Array.isArray(value)) {
    issue(['triggers'], 'key', `triggers must be a list, but it is ${describe(value)}`,
      'write one "- type: …" item per trigger, e.g.\ntriggers:\n  - type: manual');
    return [];
  }
  if (value.length === 0) {
    issue(['triggers'], 'key', 'triggers is an empty list, so nothing could start this SOP',
      'list at least one trigger (e.g. "- type: manual"), or remove "triggers" for the default (manual)');
  }
  const triggers: Trigger[] = [];
  value.forEach((item: unknown, i) => {
    const path: PathPart[] = ['triggers', i];
    if (!isMapping(item)) {
      issue(path, 'value', `trigger ${i + 1} must be a mapping with a "type", but it is ${describe(item)}`,
        `write it as "- type: ${typeof item === 'string' && (TRIGGER_TYPES as readonly string[]).includes(item) ? item : 'manual'}"`);
      return;
    }
    const type = item['type'];
    if (typeof type !== 'string' || !(TRIGGER_TYPES as readonly string[]).includes(type)) {
      const match = typeof type === 'string' ? closest(type, TRIGGER_TYPES) : undefined;
      issue(type === undefined ? path : [...path, 'type'], 'value',
        type === undefined
          ? `trigger ${i + 1} has no "type"`
          : `trigger type must be one of ${TRIGGER_TYPES.join(', ')}, but it is ${describe(type)}${match === undefined ? '' : ` (did you mean "${match}"?)`}`,
        `write type: ${match ?? 'manual'} (one of ${TRIGGER_TYPES.join(', ')})`);
      return;
    }
    const t = type as (typeof TRIGGER_TYPES)[number];
    const known = TRIGGER_KEYS[t];
    for (const key of Object.keys(item)) {
      if (known.includes(key)) continue;
      const other = TRIGGER_TYPES.find((x) => TRIGGER_KEYS[x].includes(key));
      const match = closest(key, known);
      issue([...path, key], 'key',
        other !== undefined
          ? `a ${t} trigger has no "${key}" (that key belongs to ${other} triggers)`
          : `unknown key "${key}" in a ${t} trigger${match === undefined ? '' : ` (did you mean "${match}"?)`}`,
        match !== undefined && other === undefined ? `rename it to "${match}"` : `remove it; a ${t} trigger takes: ${known.join(', ')}`);
    }
    if (t === 'manual') {
      triggers.push({ type: 'manual' });
    } else if (t === 'cron') {
      const expression = item['expression'];
      if (expression === undefined || expression === null) {
        issue(path, 'value', 'cron trigger has no "expression"', 'add expression: "0 9 * * *" (5 fields: minute hour day-of-month month day-of-week)');
      } else if (typeof expression !== 'string') {
        issue([...path, 'expression'], 'value', `cron expression must be text, but it is ${describe(expression)}`, 'quote it, e.g. expression: "0 9 * * *"');
      } else {
        const problem = checkCron(expression);
        if (problem === null) triggers.push({ type: 'cron', expression });
        else issue([...path, 'expression'], 'value', problem, 'fix the expression; e.g. "0 9 * * 1-5" runs at 09:00 UTC on weekdays');
      }
    } else {
      const p = item['path'];
      if (typeof p !== 'string' || p.trim() === '') {
        issue(p === undefined ? path : [...path, 'path'], 'value', `webhook trigger needs a non-empty "path", but it is ${describe(p)}`,
          'add path: /webhook/<name>; a repository_dispatch event of type "webhook/<name>" then starts this SOP');
      } else {
        triggers.push({ type: 'webhook', path: p.trim() });
      }
    }
  });
  return triggers;
}

function checkApproval(value: unknown, issue: Report): ApprovalConfig {
  const approval: ApprovalConfig = {
    approvers: [],
    min_approvals: 1,
    allow_self_approval: false,
    timeout: DEFAULT_APPROVAL_TIMEOUT,
    timeout_ms: 7 * 86_400_000,
  };
  if (value === undefined || value === null) return approval;
  if (!isMapping(value)) {
    issue(['approval'], 'key', `approval must be a mapping, but it is ${describe(value)}`,
      'write keys under it, e.g.\napproval:\n  approvers: [alice, "@my-org/ops"]\n  min_approvals: 1');
    return approval;
  }
  unknownKeys(value, APPROVAL_KEYS, ['approval'], 'approval key', issue);

  const approvers = value['approvers'];
  let loginsOnly = false;
  if (approvers !== undefined && approvers !== null) {
    if (!Array.isArray(approvers)) {
      issue(['approval', 'approvers'], 'value', `approvers must be a list, but it is ${describe(approvers)}`,
        `write it as a list, e.g. approvers: [${typeof approvers === 'string' ? approvers : 'alice'}]`);
    } else {
      const good: string[] = [];
      approvers.forEach((a: unknown, i) => {
        const path: PathPart[] = ['approval', 'approvers', i];
        if (typeof a !== 'string') {
          issue(path, 'value', `approver ${i + 1} must be a GitHub login or "@org/team", but it is ${describe(a)}`, 'write a login such as alice, or a team such as "@my-org/ops"');
        } else if (a.startsWith('@') && !a.includes('/')) {
          issue(path, 'value', `approver "${a}" looks like a login written with "@"`, `write the login without "@" (${a.slice(1)}), or a team as "@org/team"`);
        } else if (!LOGIN_RE.test(a) && !TEAM_RE.test(a)) {
          issue(path, 'value', `approver "${a}" is not a GitHub login or "@org/team"`,
            'logins are letters, digits and single hyphens (e.g. alice-smith); teams are written "@org/team-slug"');
        } else {
          good.push(a);
        }
      });
      approval.approvers = good;
      // Teams and `codeowners` stand for people not counted here, so only a list of plain logins caps min_approvals.
      loginsOnly = good.length > 0 && good.every((a) => !a.startsWith('@') && a !== 'codeowners');
    }
  }

  const min = value['min_approvals'];
  if (min !== undefined) {
    if (typeof min !== 'number' || !Number.isInteger(min) || min < 1) {
      issue(['approval', 'min_approvals'], 'value', `min_approvals must be a whole number of at least 1, but it is ${describe(min)}`,
        'write min_approvals: 1 (or more, for several distinct approvers)');
    } else {
      approval.min_approvals = min;
      const distinct = new Set(approval.approvers.map((a) => a.toLowerCase())).size;
      if (loginsOnly && min > distinct) {
        issue(['approval', 'min_approvals'], 'value',
          `min_approvals is ${min}, but approvers lists only ${distinct} login${distinct === 1 ? '' : 's'}, so no gate could ever pass`,
          `lower min_approvals to ${distinct} or add approvers`);
      }
    }
  }

  const self = value['allow_self_approval'];
  if (self !== undefined) {
    if (typeof self !== 'boolean') {
      issue(['approval', 'allow_self_approval'], 'value', `allow_self_approval must be true or false, but it is ${describe(self)}`,
        'write allow_self_approval: false (or true)');
    } else {
      approval.allow_self_approval = self;
    }
  }

  const timeout = value['timeout'];
  if (timeout !== undefined) {
    const text = typeof timeout === 'string' || typeof timeout === 'number' ? String(timeout) : '';
    const parsed = typeof timeout === 'string' ? parseDuration(timeout) : undefined;
    if (parsed?.ok === true) {
      approval.timeout = timeout as string;
      approval.timeout_ms = parsed.ms;
    } else {
      const why = parsed?.ok === false ? parsed.error : `must be a duration such as 7d, but it is ${describe(timeout)}`;
      issue(['approval', 'timeout'], 'value', `approval timeout ${why}`,
        `write e.g. timeout: ${/^\d+$/.test(text) ? `${text}h` : DEFAULT_APPROVAL_TIMEOUT} (units s, m, h, d)`);
    }
  }

  const channel = value['channel'];
  if (channel !== undefined && channel !== null) {
    if (typeof channel === 'string' && (CHANNELS as readonly string[]).includes(channel)) {
      approval.channel = channel as ApprovalChannel;
    } else {
      const match = typeof channel === 'string' ? closest(channel, CHANNELS) : undefined;
      issue(['approval', 'channel'], 'value', `approval channel must be "issue" or "pull-request", but it is ${describe(channel)}${match === undefined ? '' : ` (did you mean "${match}"?)`}`,
        `write channel: ${match ?? 'issue'}, or remove it to use the Action's approval-channel input`);
    }
  }
  return approval;
}

function checkInputs(value: unknown, issue: Report): Record<string, InputSpec> {
  const inputs: Record<string, InputSpec> = {};
  if (value === undefined || value === null) return inputs;
  if (!isMapping(value)) {
    issue(['inputs'], 'key', `inputs must be a mapping of input names to specs, but it is ${describe(value)}`,
      'write e.g.\ninputs:\n  version: { description: "Tag to deploy", required: true }');
    return inputs;
  }
  for (const [name, spec] of Object.entries(value)) {
    const path: PathPart[] = ['inputs', name];
    if (spec !== null && !isMapping(spec)) {
      issue(path, 'value', `input "${name}" must be a mapping (${INPUT_KEYS.join(', ')}), but it is ${describe(spec)}`,
        `write e.g. ${name}: { description: "…", required: true }`);
      continue;
    }
    const s: Mapping = spec ?? {};
    const input: InputSpec = { required: false };
    for (const key of Object.keys(s)) {
      if ((INPUT_KEYS as readonly string[]).includes(key)) continue;
      const match = closest(key, INPUT_KEYS);
      issue([...path, key], 'key', `unknown key "${key}" in input "${name}"${match === undefined ? '' : ` (did you mean "${match}"?)`}`,
        match === undefined ? `remove it; an input takes: ${INPUT_KEYS.join(', ')}` : `rename it to "${match}"`);
    }
    const d = s['description'];
    if (d !== undefined && d !== null) {
      if (typeof d === 'string') input.description = d;
      else issue([...path, 'description'], 'value', `description of input "${name}" must be text, but it is ${describe(d)}`, 'put it in quotes');
    }
    const r = s['required'];
    if (r !== undefined && r !== null) {
      if (typeof r === 'boolean') input.required = r;
      else issue([...path, 'required'], 'value', `required of input "${name}" must be true or false, but it is ${describe(r)}`, 'write required: true (or false)');
    }
    const secret = s['secret'];
    if (secret !== undefined && secret !== null) {
      if (secret === true) input.secret = true;
      else if (secret !== false) {
        issue([...path, 'secret'], 'value', `secret of input "${name}" must be true or false, but it is ${describe(secret)}`,
          'write secret: true to mask the value everywhere it leaves the runner (or remove the line)');
      }
    }
    const p = s['pattern'];
    let regex: RegExp | undefined;
    if (p !== undefined && p !== null) {
      if (typeof p !== 'string') {
        issue([...path, 'pattern'], 'value', `pattern of input "${name}" must be text, but it is ${describe(p)}`, 'quote it, e.g. pattern: "^v[0-9.]+$"');
      } else {
        try {
          regex = new RegExp(`^(?:${p})$`);
          input.pattern = p;
        } catch (e) {
          issue([...path, 'pattern'], 'value', `pattern of input "${name}" is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`,
            'fix the JavaScript regular expression (escape special characters such as ( [ . with \\ in quoted YAML, or use single quotes)');
        }
      }
    }
    const def = s['default'];
    if (def !== undefined && def !== null) {
      if (typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean') {
        input.default = def;
        if (regex !== undefined && !regex.test(String(def))) {
          const shown = input.secret === true ? 'of secret' : `"${String(def)}" of`;
          issue([...path, 'default'], 'value', `default ${shown} input "${name}" does not match its pattern ${String(p)}`,
            'change the default or the pattern so they agree');
        }
      } else {
        issue([...path, 'default'], 'value', `default of input "${name}" must be text, a number or true/false, but it is ${describe(def)}`,
          'write a single value, e.g. default: "v1.0.0"');
      }
    }
    // defineProperty, so an input called "__proto__" is a plain key and not a prototype change.
    Object.defineProperty(inputs, name, { value: input, enumerable: true, writable: true, configurable: true });
  }
  return inputs;
}

function checkSecrets(value: unknown, issue: Report): string[] {
  if (value === undefined || value === null) return [];
  const example = 'write a list of environment variable names the workflow sets from secrets, e.g.\nsecrets: [DEPLOY_KEY, API_TOKEN]';
  if (!Array.isArray(value)) {
    const hint = typeof value === 'string' && ENV_NAME_RE.test(value) ? `write it as a list: secrets: [${value}]` : example;
    issue(['secrets'], 'value', `secrets must be a list of environment variable names, but it is ${describe(value)}`, hint);
    return [];
  }
  const names: string[] = [];
  const seen = new Map<string, number>();
  value.forEach((item: unknown, i) => {
    const path: PathPart[] = ['secrets', i];
    if (typeof item !== 'string' || !ENV_NAME_RE.test(item)) {
      const fixed = typeof item === 'string' ? envNameIn(item) : '';
      const hint = fixed !== '' && ENV_NAME_RE.test(fixed) && fixed !== item
        ? `write the variable's name, e.g. ${fixed} (set it in the workflow: env: ${fixed}: \${{ secrets.${fixed} }})`
        : 'write the name of an environment variable (letters, digits and "_", not starting with a digit), e.g. DEPLOY_KEY';
      issue(path, 'value', `secret ${i + 1} must be an environment variable name, but it is ${describe(item)}`, hint);
      return;
    }
    if (item.startsWith('SOP_')) {
      issue(path, 'value', `secret "${item}" is a name sop-engine sets itself (SOP_*), not a secret from the workflow`,
        'rename the variable in the workflow\'s env: and here, e.g. DEPLOY_KEY');
      return;
    }
    const first = seen.get(item);
    if (first !== undefined) {
      issue(path, 'value', `secret "${item}" is listed twice (first as item ${first + 1})`, 'remove the second entry');
      return;
    }
    seen.set(item, i);
    names.push(item);
  });
  return names;
}

/** The variable a user meant by `${{ secrets.X }}`, `$X` or `x-key` (X, X, X_KEY). */
function envNameIn(text: string): string {
  const expression = /^\$\{\{\s*(?:secrets|env)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(text.trim());
  if (expression?.[1] !== undefined) return expression[1];
  return text.trim().replace(/^\$\{?|\}$/g, '').replace(/[^A-Za-z0-9_]/g, '_');
}

/** A name that satisfies the name rule, derived from what the user wrote. */
function slug(s: string): string {
  const out = s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '');
  return out === '' ? 'my-sop' : out;
}
