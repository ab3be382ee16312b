// The runner's workflow-command protocol (inputs, outputs, annotations, log groups, job summary).
//
// This is the part of @actions/core the Action uses, written against GitHub's documented protocol.
// @actions/core 3 also loads an HTTP client (undici) for OIDC tokens that sop-engine never asks
// for; that alone tripled the Action's start time, which every workflow run pays.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** Where commands go: the process by default, something else in tests. */
export interface CommandSink {
  env: NodeJS.ProcessEnv;
  write(text: string): void;
  fail(): void;
}

const processSink: CommandSink = {
  env: process.env,
  write: (text) => void process.stdout.write(text),
  fail: () => {
    process.exitCode = 1;
  },
};

let sink: CommandSink = processSink;

/** Route commands to `next` (tests); returns a function that restores the previous sink. */
export function useSink(next: CommandSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/** Escapes a command's message (`%`, CR, LF), as the runner expects. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property's value (also `:` and `,`, which separate properties). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function issue(command: string, message: string, properties: Record<string, string | number | undefined> = {}): void {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  sink.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function annotation(kind: 'notice' | 'warning' | 'error', message: string, p: AnnotationProperties = {}): void {
  issue(kind, message, { title: p.title, file: p.file, line: p.startLine, col: p.startColumn });
}

/** An input as the runner passes it (`INPUT_<NAME>`, spaces as `_`, dashes kept), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (sink.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Appends `name<<delimiter … delimiter` to $GITHUB_OUTPUT (the runner's multi-line-safe form). */
export function setOutput(name: string, value: string): void {
  const file = sink.env['GITHUB_OUTPUT'];
  if (!file) {
    // Runners older than the file protocol (and local runs): the legacy command.
    sink.write(EOL);
    issue('set-output', value, { name });
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`output ${name} contains its delimiter`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** Appends markdown to the job summary ($GITHUB_STEP_SUMMARY); false when there is none. */
export function appendSummary(markdown: string): boolean {
  const file = sink.env['GITHUB_STEP_SUMMARY'];
  if (!file) return false;
  appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  return true;
}

export function info(message: string): void {
  sink.write(`${message}${EOL}`);
}

export function notice(message: string, properties?: AnnotationProperties): void {
  annotation('notice', message, properties);
}

export function warning(message: string, properties?: AnnotationProperties): void {
  annotation('warning', message, properties);
}

export function error(message: string, properties?: AnnotationProperties): void {
  annotation('error', message, properties);
}

/** Starts a collapsible group in the job log. */
export function startGroup(name: string): void {
  issue('group', name);
}

export function endGroup(): void {
  issue('endgroup', '');
}

/** Marks the step failed (exit code 1) with an error annotation. */
export function setFailed(message: string): void {
  sink.fail();
  error(message);
}
