// Typed SOP definitions: what the parser produces and every other module consumes.

export type Priority = 'low' | 'normal' | 'high' | 'critical';
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'critical'];

export type ExecutionMode = 'auto' | 'supervised' | 'step_by_step' | 'priority_based';
export const EXECUTION_MODES: readonly ExecutionMode[] = ['auto', 'supervised', 'step_by_step', 'priority_based'];

/** What a gate resolves to after `priority_based` is applied. */
export type EffectiveMode = Exclude<ExecutionMode, 'priority_based'>;

export type ApprovalChannel = 'issue' | 'pull-request';

export type Trigger =
  | { type: 'manual' }
  | { type: 'cron'; expression: string }
  | { type: 'webhook'; path: string };

export interface InputSpec {
  description?: string;
  required: boolean;
  /** Source of a JavaScript regular expression, matched against the whole value's string form. */
  pattern?: string;
  default?: string | number | boolean;
  /** `secret: true`: the value is masked and shown as `***` wherever it leaves the runner (SPEC 5.6). */
  secret?: boolean;
}

/** What a secret value is replaced by in everything that leaves the runner (SPEC 5.6). */
export const SECRET_MASK = '***';

export interface ApprovalConfig {
  /** Logins and `@org/team` entries; empty means anyone with the approver permission. */
  approvers: string[];
  min_approvals: number;
  allow_self_approval: boolean;
  /** The duration text as written (e.g. `7d`) and its value in milliseconds. */
  timeout: string;
  timeout_ms: number;
  /** Undefined when the SOP does not choose: the Action's `approval-channel` input decides. */
  channel?: ApprovalChannel;
}

export interface SopStep {
  /** 1-based, consecutive. */
  number: number;
  /** Display title, without the `(requires approval)` marker. */
  title: string;
  /** True when the title carries an explicit gate marker. */
  gate: boolean;
  /** The first `bash`/`sh` block's code; null for a manual step. */
  command: string | null;
  /** Step timeout in milliseconds (fence attribute `timeout=`, default 6h). */
  timeout_ms: number;
  /** Free text of the step (markdown, without the command block). */
  description: string;
  /** 1-based line of the step heading in the file. */
  line: number;
}

export interface SopDefinition {
  name: string;
  description: string;
  version?: string;
  priority: Priority;
  execution_mode: ExecutionMode;
  triggers: Trigger[];
  approval: ApprovalConfig;
  inputs: Record<string, InputSpec>;
  /** Frontmatter `secrets`: environment variables whose values are masked everywhere (SPEC 5.6); absent when none. */
  secrets?: string[];
  /** Frontmatter `github_token: true`: steps get the Action's token as GITHUB_TOKEN; absent (false) otherwise. */
  github_token?: boolean;
  /** The document's level-1 heading, if any. */
  title?: string;
  steps: SopStep[];
  /** Path as given to the parser (relative to the repository root where possible). */
  path: string;
  /** Lowercase hex sha256 of the file's exact bytes. */
  sha256: string;
}

/** A problem in an SOP file, located and with a hint that says how to fix it. */
export interface SopError {
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
}

export type ParseResult = { ok: true; sop: SopDefinition } | { ok: false; errors: SopError[] };

/** Result of loading a whole folder: the good SOPs, and the errors of the bad files. */
export interface SopCatalog {
  sops: SopDefinition[];
  errors: SopError[];
  /** Files that had at least one error (they are not listed or runnable). */
  badFiles: string[];
}
