// The step executor's interface: run one step's code under bash and report what happened.

export interface StepRequest {
  runId: string;
  sopName: string;
  step: number;
  stepTitle: string;
  code: string;
  payload: Record<string, unknown>;
  /** Outputs of earlier steps, keyed by step number. */
  outputs: Record<string, Record<string, string>>;
  /** Repository root the step runs in. */
  cwd: string;
  /** The caller's environment; SOP_* variables are added on top, credentials are withheld (env.ts). */
  baseEnv: NodeJS.ProcessEnv;
  /** Given to the step as GITHUB_TOKEN; only for SOPs that say `github_token: true`. */
  githubToken?: string;
  timeoutMs: number;
  /** Called with each chunk of interleaved stdout/stderr as it arrives. */
  onOutput?: (chunk: string) => void;
}

export interface StepResult {
  exit_code: number | null;
  signal: string | null;
  timed_out: boolean;
  /** Full interleaved stdout+stderr. */
  output: string;
  /** Parsed from $SOP_OUTPUT. */
  outputs: Record<string, string>;
  started_at: string;
  duration_ms: number;
  /** Set when bash could not start or $SOP_OUTPUT was malformed (the step then fails). */
  error?: string;
}

export type StepExecutor = (req: StepRequest) => Promise<StepResult>;
