export const id = 638;
export const ids = [638,921];
export const modules = {

/***/ 4638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openRunSession: () => (/* binding */ openRunSession)
});

// EXTERNAL MODULE: ./src/action/workflow-commands.ts
var workflow_commands = __webpack_require__(6812);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
;// CONCATENATED MODULE: ./src/executor/env.ts
/**
 * Turns a payload or output key into the tail of an environment variable name: upper-cased,
 * every character outside A-Z0-9 becomes `_`. The `u` flag makes an emoji one `_`, not two.
 */
function envKey(key) {
    return key.toUpperCase().replace(/[^A-Z0-9]/gu, '_');
}
/** A payload value as environment text, or undefined when it is not a top-level scalar. */
function scalarText(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'boolean')
        return value ? 'true' : 'false';
    // Non-finite numbers serialise as `null` in SOP_PAYLOAD, so they are skipped like null.
    if (typeof value === 'number' && Number.isFinite(value))
        return JSON.stringify(value);
    return undefined;
}
/** Step numbers in ascending numeric order ("10" after "9"), anything non-numeric last, in its original order. */
function stepsInOrder(outputs) {
    const rank = (step) => {
        const n = Number(step);
        return step.trim() !== '' && Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
    };
    return Object.keys(outputs).sort((a, b) => rank(a) - rank(b));
}
/**
 * The step's environment. Inherited SOP_* variables are dropped first, so a stale
 * SOP_OUT_X exported in the caller's shell can never pose as an earlier step's output.
 * The fixed names are written last; no derived name can collide with them anyway
 * (SOP_PAYLOAD_… and SOP_OUT_… always carry the extra `_`).
 */
function buildStepEnv(req, outputFile) {
    const env = {};
    for (const [name, value] of Object.entries(req.baseEnv)) {
        if (value === undefined || name.startsWith('SOP_'))
            continue;
        env[name] = value;
    }
    for (const [key, value] of Object.entries(req.payload)) {
        const text = scalarText(value);
        if (text !== undefined)
            env[`SOP_PAYLOAD_${envKey(key)}`] = text;
    }
    for (const step of stepsInOrder(req.outputs)) {
        for (const [key, value] of Object.entries(req.outputs[step] ?? {})) {
            env[`SOP_OUT_${envKey(key)}`] = value;
        }
    }
    env.SOP_RUN_ID = req.runId;
    env.SOP_NAME = req.sopName;
    env.SOP_STEP = String(req.step);
    env.SOP_STEP_TITLE = req.stepTitle;
    env.SOP_PAYLOAD = JSON.stringify(req.payload);
    env.SOP_OUTPUT = outputFile;
    env.SOP_OUTPUTS = JSON.stringify(req.outputs);
    return env;
}

;// CONCATENATED MODULE: ./src/executor/output-file.ts
// Parses what a step wrote to $SOP_OUTPUT, in the $GITHUB_OUTPUT syntax: `key=value` lines and `key<<DELIM` blocks.
const HOW_TO = 'write `key=value` lines, or `key<<EOF`, the value\'s lines, then `EOF` alone on a line';
/** Shows a line in an error without letting control characters garble the message. */
function quote(line) {
    const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
    return JSON.stringify(shown);
}
function parseOutputFile(text) {
    const lines = text.split(/\r?\n/);
    // A Map, so a key such as `__proto__` is kept as a plain output rather than touching a prototype.
    const outputs = new Map();
    let i = 0;
    while (i < lines.length) {
        const line = lines[i] ?? '';
        const lineNo = i + 1;
        i += 1;
        if (line.trim() === '')
            continue;
        if (line.includes('\0')) {
            return {
                ok: false,
                error: `line ${lineNo}: contains a NUL byte, which cannot be passed on to later steps in an environment variable; remove it`,
            };
        }
        const eq = line.indexOf('=');
        const heredoc = line.indexOf('<<');
        // As in the Actions runner: `<<` before any `=` starts a block, so `k<<EOF` works and `k=a<<b` is a plain value.
        if (heredoc >= 0 && (eq < 0 || heredoc < eq)) {
            const key = line.slice(0, heredoc);
            const delimiter = line.slice(heredoc + 2);
            if (key === '')
                return { ok: false, error: `line ${lineNo}: ${quote(line)} has no key before \`<<\`; ${HOW_TO}` };
            if (delimiter === '') {
                return { ok: false, error: `line ${lineNo}: \`${key}<<\` has no delimiter after \`<<\`; ${HOW_TO}` };
            }
            const body = [];
            let closed = false;
            while (i < lines.length) {
                const next = lines[i] ?? '';
                i += 1;
                if (next === delimiter) {
                    closed = true;
                    break;
                }
                if (next.includes('\0')) {
                    return {
                        ok: false,
                        error: `line ${i}: the value of \`${key}\` contains a NUL byte, which cannot be passed on to later steps in an environment variable; remove it`,
                    };
                }
                body.push(next);
            }
            if (!closed) {
                return {
                    ok: false,
                    error: `line ${lineNo}: \`${key}<<${delimiter}\` is never closed; end the value with a line that is exactly \`${delimiter}\``,
                };
            }
            outputs.set(key, body.join('\n'));
            continue;
        }
        if (eq < 0)
            return { ok: false, error: `line ${lineNo}: ${quote(line)} is neither \`key=value\` nor \`key<<DELIM\`; ${HOW_TO}` };
        const key = line.slice(0, eq);
        if (key === '')
            return { ok: false, error: `line ${lineNo}: ${quote(line)} has no key before \`=\`; ${HOW_TO}` };
        outputs.set(key, line.slice(eq + 1));
    }
    return { ok: true, outputs: Object.fromEntries(outputs) };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/executor/process-group.ts
// Signals a step's process group and tells whether any of its processes still run.

/** Sends `signal` to every process in the group; a group that is already gone is not an error. */
function signalGroup(pgid, signal) {
    try {
        process.kill(-pgid, signal);
    }
    catch {
        // ESRCH: nothing left to signal.
    }
}
/** The state letter and process group of a /proc/<pid>/stat line; the command name may contain spaces and parentheses. */
function parseStat(stat) {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const pgrp = Number(fields[2]);
    return state === undefined || !Number.isInteger(pgrp) ? undefined : { state, pgrp };
}
/**
 * Whether a process of the group is still running. Zombies do not count: in a container whose
 * PID 1 does not reap orphans, a killed grandchild stays a zombie forever, and `kill(-pgid, 0)`
 * would report the group alive until the SIGKILL grace ran out. Without /proc, fall back to kill.
 */
function groupAlive(pgid) {
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)('/proc');
    }
    catch {
        return killProbe(pgid);
    }
    for (const entry of entries) {
        if (!/^\d+$/.test(entry))
            continue;
        let stat;
        try {
            stat = (0,external_node_fs_.readFileSync)(`/proc/${entry}/stat`, 'utf8');
        }
        catch {
            continue; // the process ended while we looked
        }
        const parsed = parseStat(stat);
        if (parsed !== undefined && parsed.pgrp === pgid && parsed.state !== 'Z' && parsed.state !== 'X')
            return true;
    }
    return false;
}
function killProbe(pgid) {
    try {
        process.kill(-pgid, 0);
        return true;
    }
    catch (error) {
        // EPERM means a member exists that we may not signal: alive, as far as waiting is concerned.
        return error.code === 'EPERM';
    }
}

;// CONCATENATED MODULE: ./src/executor/run-step.ts
// Runs one step's code under bash (SPEC 3.3) in its own process group and reports what happened.









/** How long a process group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** How long stdout/stderr may stay open after bash exited (a background child holding them) before the group is stopped. */
const PIPE_GRACE_MS = 500;
/** How often a terminated group is checked for survivors before the SIGKILL grace runs out. */
const POLL_MS = 25;
/** setTimeout fires at once for delays above 2^31-1 ms, so longer timeouts are capped (~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
function message(error) {
    return error instanceof Error ? error.message : String(error);
}
/** A spawn with a missing cwd fails as "spawn bash ENOENT", which blames bash; say what is really wrong. */
async function cwdProblem(cwd) {
    try {
        if ((await (0,promises_.stat)(cwd)).isDirectory())
            return undefined;
        return `the step's working directory ${cwd} is not a directory; run the SOP from the repository root`;
    }
    catch (error) {
        return `the step's working directory ${cwd} cannot be used (${message(error)}); run the SOP from an existing repository root`;
    }
}
/** An environment value with a NUL byte makes spawn throw; name the variable so the user knows which value to fix. */
function nulProblem(env) {
    for (const [name, value] of Object.entries(env)) {
        if (value.includes('\0')) {
            return `${name} contains a NUL byte, which an environment variable cannot carry; remove it from the payload or the earlier step's output`;
        }
    }
    return undefined;
}
function timerDelay(timeoutMs) {
    if (!Number.isFinite(timeoutMs))
        return undefined;
    return Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS);
}
/** Spawns bash, streams its output, enforces the timeout and never leaves the promise hanging on a stray grandchild. */
function execute(req, env) {
    return new Promise((resolve) => {
        let child;
        try {
            child = (0,external_node_child_process_.spawn)('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', req.code], {
                cwd: req.cwd,
                env,
                stdio: ['ignore', 'pipe', 'pipe'],
                // Own process group, so a timeout can kill `sleep 100 &` and other grandchildren too.
                detached: true,
            });
        }
        catch (error) {
            resolve({ exit_code: null, signal: null, timed_out: false, output: '', error: `could not start bash: ${message(error)}` });
            return;
        }
        const chunks = [];
        let onOutput = req.onOutput;
        const emit = (text) => {
            if (text === '')
                return;
            chunks.push(text);
            try {
                onOutput?.(text);
            }
            catch {
                // A faulty display callback must not kill the step or crash the process; stop calling it.
                onOutput = undefined;
            }
        };
        const decoders = [];
        for (const stream of [child.stdout, child.stderr]) {
            if (stream === null)
                continue;
            // One decoder per stream: a multi-byte character split across chunks is joined, not mangled.
            const decoder = new external_node_string_decoder_.StringDecoder('utf8');
            decoders.push(decoder);
            stream.on('data', (chunk) => emit(decoder.write(chunk)));
            stream.on('end', () => emit(decoder.end()));
        }
        let exitCode = null;
        let exitSignal = null;
        let spawnError;
        let timedOut = false;
        let exited = false;
        let closed = false;
        let settled = false;
        let polling = false;
        let escalation = 'none';
        const timers = [];
        const pid = child.pid;
        const settle = () => {
            if (settled)
                return;
            settled = true;
            for (const timer of timers)
                clearTimeout(timer);
            for (const decoder of decoders)
                emit(decoder.end());
            resolve({ exit_code: exitCode, signal: exitSignal, timed_out: timedOut, output: chunks.join(''), error: spawnError });
        };
        const maybeSettle = () => {
            if (!closed)
                return;
            // After SIGTERM, survivors that do not hold our pipes still get their SIGKILL before we report.
            if (escalation === 'term' && pid !== undefined && groupAlive(pid)) {
                if (!polling) {
                    polling = true;
                    timers.push(setInterval(maybeSettle, POLL_MS));
                }
                return;
            }
            settle();
        };
        const stopGroup = () => {
            if (escalation !== 'none' || pid === undefined)
                return;
            escalation = 'term';
            signalGroup(pid, 'SIGTERM');
            timers.push(setTimeout(() => {
                escalation = 'kill';
                signalGroup(pid, 'SIGKILL');
                // A holder that escaped the group (setsid) would keep the pipes open forever; stop reading them.
                child.stdout?.destroy();
                child.stderr?.destroy();
                maybeSettle();
            }, KILL_GRACE_MS));
        };
        child.on('error', (error) => {
            // Emitted when bash cannot be started at all; no 'exit' follows, and 'close' may not either.
            spawnError = `could not start bash: ${error.message}; make sure bash is installed and on PATH`;
            if (child.pid === undefined) {
                closed = true;
                settle();
            }
        });
        child.on('exit', (code, signal) => {
            exited = true;
            exitCode = code;
            exitSignal = signal;
            timers.push(setTimeout(stopGroup, PIPE_GRACE_MS));
        });
        child.on('close', () => {
            closed = true;
            maybeSettle();
        });
        const delay = timerDelay(req.timeoutMs);
        if (delay !== undefined) {
            timers.push(setTimeout(() => {
                // Once bash has exited the step has finished in time; a stray pipe holder is the pipe grace's business.
                if (exited)
                    return;
                timedOut = true;
                stopGroup();
            }, delay));
        }
    });
}
function tempRoot() {
    const runnerTemp = process.env.RUNNER_TEMP;
    return runnerTemp !== undefined && runnerTemp !== '' ? runnerTemp : (0,external_node_os_.tmpdir)();
}
const runStep = async (req) => {
    const startedAt = new Date();
    const t0 = performance.now();
    const result = (outcome) => ({
        exit_code: null,
        signal: null,
        timed_out: false,
        output: '',
        outputs: {},
        ...outcome,
        started_at: startedAt.toISOString(),
        duration_ms: Math.round(performance.now() - t0),
    });
    // A fresh private file straight in the temp folder (like mkstemp): creating a folder around it
    // would cost two more directory updates per step, which are slow on busy temp folders.
    const outputFile = (0,external_node_path_.join)(tempRoot(), `sop-output-${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`);
    try {
        await (0,promises_.writeFile)(outputFile, '', { mode: 0o600, flag: 'wx' });
    }
    catch (error) {
        return result({
            error: `could not create the $SOP_OUTPUT file under ${tempRoot()} (${message(error)}); set RUNNER_TEMP or TMPDIR to a writable directory`,
        });
    }
    try {
        let env;
        try {
            env = buildStepEnv(req, outputFile);
        }
        catch (error) {
            return result({ error: `could not pass the payload to the step: ${message(error)}` });
        }
        const badEnv = nulProblem(env);
        if (badEnv !== undefined)
            return result({ error: badEnv });
        const outcome = await execute(req, env);
        if (outcome.error !== undefined) {
            // Only looked into when bash could not start: a missing cwd fails as "spawn bash ENOENT", which blames bash.
            const badCwd = await cwdProblem(req.cwd);
            return result(badCwd === undefined ? outcome : { error: badCwd });
        }
        // A step that deleted its $SOP_OUTPUT simply wrote no outputs.
        const written = await (0,promises_.readFile)(outputFile, 'utf8').catch(() => '');
        const parsed = parseOutputFile(written);
        if (!parsed.ok)
            return result({ ...outcome, error: `step wrote a malformed $SOP_OUTPUT: ${parsed.error}` });
        return result({ ...outcome, outputs: parsed.outputs });
    }
    catch (error) {
        return result({ error: `could not run the step: ${message(error)}` });
    }
    finally {
        // The step may have removed or replaced the file; either way nothing of ours is left behind.
        await (0,promises_.rm)(outputFile, { force: true, recursive: true }).catch(() => undefined);
    }
};

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/github/issue-channel.ts
const SOP_LABEL = 'sop';
const PENDING_LABEL = 'sop:pending';
/** Opens the run's issue; labels are set inline (GitHub creates missing labels). Returns its number. */
async function createRunIssue(gh, repo, issue) {
    const { data } = await gh.rest.issues.create({ ...repo, title: issue.title, body: issue.body, labels: issue.labels });
    return data.number;
}
async function updateIssueBody(gh, repo, issueNumber, body) {
    await gh.rest.issues.update({ ...repo, issue_number: issueNumber, body });
}
/** Returns the new comment's id. */
async function commentOnIssue(gh, repo, issueNumber, body) {
    const { data } = await gh.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
    return Number(data.id);
}
async function react(gh, repo, commentId, content) {
    await gh.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

// EXTERNAL MODULE: ./src/github/render.ts + 1 modules
var render = __webpack_require__(5643);
;// CONCATENATED MODULE: ./src/store/git-exec.ts
// Run one git command without a terminal: never prompts, never opens an editor, output captured.

/** Environment for every git process the store starts. */
function gitEnv(base = process.env) {
    return {
        ...base,
        // Credentials must come from the environment (e.g. the Action's token), never from a prompt.
        GIT_TERMINAL_PROMPT: '0',
        GCM_INTERACTIVE: 'never',
        GIT_EDITOR: 'true',
        // Messages are matched (e.g. "rejected"), so they must not be translated.
        LC_ALL: 'C',
        LANG: 'C',
    };
}
function runGit(cwd, args, input) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('git', args, { cwd, env: gitEnv(), stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        child.stdout?.on('data', (chunk) => out.push(chunk));
        child.stderr?.on('data', (chunk) => err.push(chunk));
        child.on('error', (error) => {
            reject(error.code === 'ENOENT'
                ? new Error('git is not installed or not on PATH; install git to use a git state store')
                : error);
        });
        child.on('close', (code) => {
            resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
        });
        if (input !== undefined && child.stdin)
            child.stdin.end(input);
    });
}
/** Run git and return stdout; a failure becomes an error that quotes git's own message. */
async function git(cwd, args, input) {
    const result = await runGit(cwd, args, input);
    if (result.code !== 0) {
        throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim() || `exit code ${result.code}`}`);
    }
    return result.stdout;
}

;// CONCATENATED MODULE: ./src/store/git-object-reader.ts
// One long-lived `git cat-file --batch` process that answers object reads for a repository, in order.


/**
 * Reads objects by name (`<oid>`, `<commit>:<path>`, …) through one process, so a read costs a
 * pipe round trip instead of a process start. Requests are answered in the order they are sent,
 * which lets callers pipeline thousands of reads (listRuns) without waiting for each.
 */
class GitObjectReader {
    repoDir;
    child = null;
    /** Waiting reads, answered from `head` on (an index, not shift(): 10,000 pipelined reads stay linear). */
    queue = [];
    head = 0;
    buffer = Buffer.alloc(0);
    header = null;
    stderr = '';
    /**
     * `--batch-command --buffer` (git 2.36+) lets git answer a pipelined batch in large writes,
     * several times faster for listRuns than `--batch`, which flushes after every object. Older git
     * rejects the option (exit 129) and the reader falls back to `--batch`.
     */
    mode = 'command';
    answered = false;
    constructor(repoDir) {
        this.repoDir = repoDir;
    }
    read(name) {
        return this.readMany([name]).then((objects) => objects[0] ?? null);
    }
    /** Read many objects with one write; results are in the order of `names`. */
    async readMany(names) {
        const results = new Array(names.length).fill(null);
        await this.readEach(names, (index, object) => {
            // Copy so the object does not pin the whole read buffer in memory.
            results[index] = object === null ? null : { ...object, content: Buffer.from(object.content) };
        });
        return results;
    }
    /**
     * Stream many objects through `visit`, in the order of `names`, as git answers them: the caller
     * decodes each while git is still reading the next. `object.content` is only valid during the
     * call (it may be a view of the read buffer); copy or decode it there. A `visit` that throws
     * rejects the returned promise; the remaining answers are still read and dropped.
     */
    readEach(names, visit) {
        const bad = names.find((name) => name.includes('\n'));
        if (bad !== undefined)
            return Promise.reject(new Error(`object name must be one line: ${JSON.stringify(bad)}`));
        if (names.length === 0)
            return Promise.resolve();
        return new Promise((resolve, reject) => {
            const child = this.ensure();
            let failure = null;
            this.queue.push({
                names,
                next: 0,
                visit: (index, object) => {
                    if (failure !== null)
                        return;
                    try {
                        visit(index, object);
                    }
                    catch (error) {
                        failure = error instanceof Error ? error : new Error(String(error));
                    }
                },
                resolve: () => (failure === null ? resolve() : reject(failure)),
                reject,
            });
            this.setRef(true);
            child.stdin.write(this.request(names));
        });
    }
    async close() {
        const child = this.child;
        if (child === null)
            return;
        // Hold the program open until git has exited, even though an idle reader is unref'd.
        this.setRef(true, child);
        this.child = null;
        await new Promise((resolve) => {
            child.once('close', () => resolve());
            child.stdin.end();
        });
    }
    request(names) {
        if (this.mode === 'legacy')
            return `${names.join('\n')}\n`;
        return `${names.map((name) => `contents ${name}`).join('\n')}\nflush\n`;
    }
    ensure() {
        if (this.child !== null)
            return this.child;
        const args = this.mode === 'command' ? ['cat-file', '--batch-command', '--buffer'] : ['cat-file', '--batch'];
        this.answered = false;
        const child = (0,external_node_child_process_.spawn)('git', args, { cwd: this.repoDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
        this.child = child;
        this.buffer = Buffer.alloc(0);
        this.header = null;
        this.stderr = '';
        child.stdout.on('data', (chunk) => this.onData(chunk));
        child.stderr.on('data', (chunk) => {
            this.stderr += chunk.toString('utf8');
        });
        child.stdin.on('error', () => {
            // The close handler reports the failure to every waiting read.
        });
        child.on('error', (error) => this.fail(child, error));
        child.on('close', (code) => {
            if (code === 129 && this.mode === 'command' && !this.answered && this.child === child) {
                this.retryWithLegacyBatch();
                return;
            }
            this.fail(child, new Error(`git cat-file --batch in ${this.repoDir} stopped (exit ${code ?? 'signal'}): ${this.stderr.trim() || 'no message'}`));
        });
        return child;
    }
    /** Old git: resend every waiting read to a plain `--batch` process. */
    retryWithLegacyBatch() {
        this.mode = 'legacy';
        this.child = null;
        const waiting = this.queue.slice(this.head);
        this.queue = [];
        this.head = 0;
        if (waiting.length === 0)
            return;
        const child = this.ensure();
        this.queue = waiting;
        this.setRef(true);
        child.stdin.write(this.request(waiting.flatMap((pending) => pending.names.slice(pending.next))));
    }
    fail(child, error) {
        if (this.child === child)
            this.child = null;
        const waiting = this.queue.slice(this.head);
        this.queue = [];
        this.head = 0;
        for (const pending of waiting)
            pending.reject(error);
    }
    /** An idle reader must not keep the program alive (a CLI that forgets close() still exits). */
    setRef(on, child = this.child) {
        if (child === null)
            return;
        for (const handle of [child, child.stdin, child.stdout, child.stderr]) {
            if (on)
                handle.ref?.();
            else
                handle.unref?.();
        }
    }
    onData(chunk) {
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        let at = 0;
        for (;;) {
            if (this.header === null) {
                const newline = this.buffer.indexOf(10, at);
                if (newline < 0)
                    break;
                const line = this.buffer.toString('latin1', at, newline);
                at = newline + 1;
                const parts = line.split(' ');
                const last = parts[parts.length - 1];
                if (last === 'missing' || last === 'ambiguous' || parts.length !== 3) {
                    this.settle(null);
                    continue;
                }
                this.header = { oid: parts[0] ?? '', type: parts[1] ?? '', size: Number(parts[2]) };
            }
            const { oid, type, size } = this.header;
            if (this.buffer.length - at < size + 1)
                break;
            const content = this.buffer.subarray(at, at + size);
            at += size + 1;
            this.header = null;
            this.settle({ oid, type, content });
        }
        // Keep only the unanswered tail; a view of a chunk that is fully consumed is dropped.
        this.buffer = at === 0 ? this.buffer : at >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(at);
    }
    settle(object) {
        this.answered = true;
        const pending = this.queue[this.head];
        if (pending === undefined)
            return;
        pending.visit(pending.next++, object);
        if (pending.next < pending.names.length)
            return;
        this.head++;
        if (this.head >= this.queue.length) {
            this.queue = [];
            this.head = 0;
            this.setRef(false);
        }
        pending.resolve();
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/store/git-objects.ts
// Git's object formats (sha1): write loose objects directly, and read/edit tree objects, without spawning git.




const TREE_MODE = '40000';
const BLOB_MODE = '100644';
/** The id git gives `content` as an object of `type`. */
function objectId(type, content) {
    return (0,external_node_crypto_.createHash)('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}
/**
 * Writes loose objects into an objects directory, exactly as `git hash-object -w` would
 * (zlib-deflated `<type> <size>\0<content>` at objects/xx/yyyy…), so a put costs no process start.
 * A temporary file renamed into place means a reader never sees a half-written object; renaming
 * over an existing copy is harmless because the content is identical by construction.
 */
class LooseObjectWriter {
    objectsDir;
    knownDirs = new Set();
    constructor(objectsDir) {
        this.objectsDir = objectsDir;
    }
    /** Write all objects concurrently (none refers to a ref yet, so order does not matter). */
    async writeAll(objects) {
        await Promise.all(objects.map((object) => this.write(object.type, object.content)));
    }
    async write(type, content) {
        const oid = objectId(type, content);
        const dir = external_node_path_default().join(this.objectsDir, oid.slice(0, 2));
        if (!this.knownDirs.has(dir)) {
            await external_node_fs_.promises.mkdir(dir, { recursive: true });
            this.knownDirs.add(dir);
        }
        const raw = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
        // Fastest compression: objects are rewritten on every transition (the audit file and the trees
        // grow with the run), so deflate time is on the per-step path; `git gc` repacks them tighter.
        const level = external_node_zlib_.constants.Z_BEST_SPEED;
        const tmp = external_node_path_default().join(dir, `tmp_obj_${process.pid}_${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
        await external_node_fs_.promises.writeFile(tmp, (0,external_node_zlib_.deflateSync)(raw, { level }), { mode: 0o444 });
        await external_node_fs_.promises.rename(tmp, external_node_path_default().join(dir, oid.slice(2)));
        return oid;
    }
}
function parseTree(content) {
    const entries = [];
    let at = 0;
    while (at < content.length) {
        const space = content.indexOf(32, at);
        const nul = content.indexOf(0, space + 1);
        if (space < 0 || nul < 0 || nul + 21 > content.length)
            throw new Error('corrupt tree object');
        entries.push({
            mode: content.subarray(at, space).toString('latin1'),
            name: content.subarray(space + 1, nul).toString('utf8'),
            oid: content.subarray(nul + 1, nul + 21).toString('hex'),
        });
        at = nul + 21;
    }
    return entries;
}
/** Find one entry by name without materialising the whole tree (trees can hold 20,000 entries). */
function findTreeEntry(content, name) {
    const wanted = Buffer.from(name, 'utf8');
    let at = 0;
    while (at < content.length) {
        const space = content.indexOf(32, at);
        const nul = content.indexOf(0, space + 1);
        if (space < 0 || nul < 0 || nul + 21 > content.length)
            throw new Error('corrupt tree object');
        if (nul - space - 1 === wanted.length && content.compare(wanted, 0, wanted.length, space + 1, nul) === 0) {
            return {
                mode: content.subarray(at, space).toString('latin1'),
                name,
                oid: content.subarray(nul + 1, nul + 21).toString('hex'),
            };
        }
        at = nul + 21;
    }
    return null;
}
/** Git orders entries by name bytes, with a tree's name compared as if it ended in "/". */
function sortKey(entry) {
    return Buffer.from(entry.mode === TREE_MODE ? `${entry.name}/` : entry.name, 'utf8');
}
function serializeTree(entries) {
    const sorted = entries
        .map((entry) => ({ entry, key: sortKey(entry) }))
        .sort((a, b) => Buffer.compare(a.key, b.key));
    const parts = [];
    for (const { entry } of sorted) {
        parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.oid, 'hex'));
    }
    return Buffer.concat(parts);
}
/**
 * A copy of tree `content` with `changes` applied (entries with the same name are replaced,
 * new names inserted). Unchanged entries are copied as raw bytes, which keeps a put on a
 * branch with 10,000 runs cheap.
 */
function editTree(content, changes) {
    if (content === null || content.length === 0)
        return serializeTree(changes);
    const pending = changes
        .map((entry) => ({ entry, key: sortKey(entry) }))
        .sort((a, b) => Buffer.compare(a.key, b.key));
    const parts = [];
    let at = 0;
    let next = 0;
    const emit = (entry) => {
        parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.oid, 'hex'));
    };
    while (at < content.length) {
        const space = content.indexOf(32, at);
        const nul = content.indexOf(0, space + 1);
        if (space < 0 || nul < 0 || nul + 21 > content.length)
            throw new Error('corrupt tree object');
        const isTree = content.subarray(at, space).toString('latin1') === TREE_MODE;
        const name = content.subarray(space + 1, nul);
        const key = isTree ? Buffer.concat([name, Buffer.from('/')]) : name;
        let replaced = false;
        for (;;) {
            const change = pending[next];
            if (change === undefined)
                break;
            const order = Buffer.compare(change.key, key);
            const sameName = change.entry.name === name.toString('utf8');
            if (sameName) {
                emit(change.entry);
                next++;
                replaced = true;
                break;
            }
            if (order >= 0)
                break;
            emit(change.entry);
            next++;
        }
        if (!replaced)
            parts.push(content.subarray(at, nul + 21));
        at = nul + 21;
    }
    for (; next < pending.length; next++)
        emit(pending[next].entry);
    return Buffer.concat(parts);
}
function serializeCommit(tree, parents, author, committer, message, when) {
    const seconds = Math.floor(when.getTime() / 1000);
    const lines = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`)];
    lines.push(`author ${author.name} <${author.email}> ${seconds} +0000`);
    lines.push(`committer ${committer.name} <${committer.email}> ${seconds} +0000`);
    const body = message.endsWith('\n') ? message : `${message}\n`;
    return Buffer.from(`${lines.join('\n')}\n\n${body}`, 'utf8');
}

;// CONCATENATED MODULE: ./src/store/git-refs.ts
// Read and compare-and-swap a branch ref in a files-backend repository, using git's own lock-file protocol.


const OID = /^[0-9a-f]{40}$/;
/**
 * The ref's object id, from its loose file or packed-refs, or null when it does not exist.
 * Returns 'unusual' for a symbolic or malformed ref, which the caller should let git resolve.
 */
async function readRefFile(commonDir, ref) {
    try {
        const loose = (await external_node_fs_.promises.readFile(external_node_path_default().join(commonDir, ref), 'utf8')).trim();
        return OID.test(loose) ? loose : 'unusual';
    }
    catch (error) {
        const code = error.code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR')
            throw error;
    }
    const packed = await external_node_fs_.promises.readFile(external_node_path_default().join(commonDir, 'packed-refs'), 'utf8').catch(() => '');
    const suffix = ` ${ref}`;
    for (const line of packed.split('\n')) {
        if (line.length === 40 + suffix.length && line.endsWith(suffix) && OID.test(line.slice(0, 40)))
            return line.slice(0, 40);
    }
    return null;
}
/** A ref lock older than this was left by a crashed writer (git holds one for milliseconds). */
const STALE_REF_LOCK_MS = 60_000;
/**
 * Take `<ref>.lock` with O_EXCL (git's own protocol, so git and other writers honour it), let
 * `decide` look at the ref's current value and build what comes next, then write the new value
 * and rename the lock over the ref. Holding the lock while deciding means concurrent writers
 * wait their turn instead of building commits that would lose the race. Returns 'locked' when
 * another writer holds the lock. No process start, which keeps a put cheap.
 */
async function updateRefUnderLock(commonDir, ref, decide) {
    const file = external_node_path_default().join(commonDir, ref);
    const lock = `${file}.lock`;
    await external_node_fs_.promises.mkdir(external_node_path_default().dirname(file), { recursive: true });
    let handle;
    try {
        handle = await external_node_fs_.promises.open(lock, 'wx');
    }
    catch (error) {
        if (error.code !== 'EEXIST')
            throw error;
        await breakStaleLock(lock);
        return { status: 'locked' };
    }
    let renamed = false;
    try {
        const current = await readRefFile(commonDir, ref);
        if (current === 'unusual')
            throw new Error(`${file} is not a plain branch ref; fix or delete it with git`);
        const decision = await decide(current);
        if (decision.next === null)
            return { status: 'done', value: decision.value };
        await handle.writeFile(`${decision.next}\n`);
        await handle.close();
        await appendRefLog(commonDir, ref, current, decision.next, decision.reflog).catch(() => undefined);
        await external_node_fs_.promises.rename(lock, file);
        renamed = true;
        return { status: 'done', value: decision.value };
    }
    finally {
        if (!renamed) {
            await handle.close().catch(() => undefined);
            await external_node_fs_.promises.rm(lock, { force: true });
        }
    }
}
async function breakStaleLock(lock) {
    const age = await external_node_fs_.promises.stat(lock).then((stat) => Date.now() - stat.mtimeMs, () => 0);
    if (age > STALE_REF_LOCK_MS)
        await external_node_fs_.promises.rm(lock, { force: true });
}
/** Keep `git reflog <branch>` useful for recovery, as git update-ref would. */
async function appendRefLog(commonDir, ref, old, next, log) {
    const file = external_node_path_default().join(commonDir, 'logs', ref);
    await external_node_fs_.promises.mkdir(external_node_path_default().dirname(file), { recursive: true });
    const seconds = Math.floor(Date.now() / 1000);
    const message = log.message.replace(/\s+/g, ' ').trim();
    await external_node_fs_.promises.appendFile(file, `${old ?? '0'.repeat(40)} ${next} ${log.name} <${log.email}> ${seconds} +0000\t${message}\n`);
}

;// CONCATENATED MODULE: ./src/audit/canonical-json.ts
// RFC 8785 (JCS) canonical JSON: the exact bytes the audit hash chain is computed over.
/**
 * Serialise a JSON value canonically: object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings in their ECMAScript JSON.stringify form (which is what RFC 8785 specifies).
 * Values JSON cannot represent faithfully (NaN, Infinity, undefined inside arrays, functions,
 * bigint, symbols) are rejected so two machines can never hash different bytes for "the same" event.
 */
function canonicalJson(value) {
    return serialise(value, '$');
}
function serialise(value, path) {
    if (value === null)
        return 'null';
    switch (typeof value) {
        case 'boolean':
            return value ? 'true' : 'false';
        case 'string':
            return JSON.stringify(value);
        case 'number':
            if (!Number.isFinite(value)) {
                throw new Error(`canonical JSON: ${path} is ${String(value)}; only finite numbers can be hashed`);
            }
            // JSON.stringify prints -0 as 0, as RFC 8785 requires.
            return JSON.stringify(value);
        case 'object':
            break;
        default:
            throw new Error(`canonical JSON: ${path} is a ${typeof value}, which JSON cannot represent`);
    }
    if (Array.isArray(value)) {
        const items = [];
        for (let i = 0; i < value.length; i++) {
            const item = value[i];
            if (item === undefined)
                throw new Error(`canonical JSON: ${path}[${i}] is undefined; use null`);
            items.push(serialise(item, `${path}[${i}]`));
        }
        return `[${items.join(',')}]`;
    }
    const record = value;
    if (typeof record.toJSON === 'function') {
        // Dates and similar: hash what JSON.stringify would write, so stored and hashed forms agree.
        return serialise(record.toJSON(), path);
    }
    // Default sort compares UTF-16 code units, exactly the order RFC 8785 asks for.
    const keys = Object.keys(record).sort();
    const members = [];
    for (const key of keys) {
        const member = record[key];
        // JSON.stringify drops undefined members; do the same so the stored file and the hash agree.
        if (member === undefined)
            continue;
        members.push(`${JSON.stringify(key)}:${serialise(member, `${path}.${key}`)}`);
    }
    return `{${members.join(',')}}`;
}

;// CONCATENATED MODULE: ./src/audit/chain.ts
// The audit hash chain: append events to a run's audit file and verify that nothing was edited, removed or reordered.


/** `prev` of the first event. */
const GENESIS_HASH = '0'.repeat(64);
/** The hash an event must carry: sha256 of the canonical JSON of the event without its `hash` key. */
function hashEvent(event) {
    const { hash: _ignored, ...unhashed } = event;
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(unhashed), 'utf8').digest('hex');
}
/** A new audit file with `inputs` chained after the events of `file` (which is not modified). */
function appendEvents(file, runId, inputs) {
    if (file !== null && file.run_id !== runId) {
        throw new Error(`audit file belongs to run ${file.run_id}, not ${runId}; events of one run cannot be appended to another`);
    }
    const events = file === null ? [] : [...file.events];
    let last = events[events.length - 1];
    for (const input of inputs) {
        const unhashed = {
            seq: last === undefined ? 1 : last.seq + 1,
            ts: input.ts,
            type: input.type,
            actor: input.actor,
            step: input.step,
            details: input.details,
            prev: last === undefined ? GENESIS_HASH : last.hash,
        };
        const event = { ...unhashed, hash: hashEvent(unhashed) };
        events.push(event);
        last = event;
    }
    return { run_id: runId, events };
}
/**
 * Recompute the chain and name the first event that does not match. Checks, per event in file
 * order: its seq is the next number, its prev is the previous event's hash, and its hash matches
 * its content. A removed event shows as a seq gap; swapped events as an out-of-order seq.
 */
function verifyChain(file, expectedRunId) {
    const runId = expectedRunId ?? file.run_id;
    if (file.run_id !== runId) {
        return { ok: false, seq: 0, problem: `the audit file says run_id ${JSON.stringify(file.run_id)}, but it is the record of run ${runId}` };
    }
    let previous;
    for (const [index, event] of file.events.entries()) {
        const expectedSeq = previous === undefined ? 1 : previous.seq + 1;
        const label = `event ${event.seq} (${event.type})`;
        if (event.seq !== expectedSeq) {
            const later = file.events.slice(index + 1).find((e) => e.seq === expectedSeq);
            if (later !== undefined) {
                return { ok: false, seq: expectedSeq, problem: `events are out of order: ${label} comes before event ${expectedSeq} (${later.type})` };
            }
            if (typeof event.seq === 'number' && event.seq > expectedSeq) {
                const missing = expectedSeq === event.seq - 1 ? `event ${expectedSeq} is missing` : `events ${expectedSeq}-${event.seq - 1} are missing`;
                return { ok: false, seq: expectedSeq, problem: `${missing}: the next event in the file is ${label}` };
            }
            return { ok: false, seq: expectedSeq, problem: `events are out of order: expected event ${expectedSeq}, found ${label} after event ${previous?.seq ?? 0}` };
        }
        const expectedPrev = previous === undefined ? GENESIS_HASH : previous.hash;
        if (event.prev !== expectedPrev) {
            const what = previous === undefined ? 'the genesis value (64 zeros)' : `event ${previous.seq}'s hash`;
            return { ok: false, seq: event.seq, problem: `${label}'s prev does not match ${what}` };
        }
        if (hashEvent(event) !== event.hash) {
            return { ok: false, seq: event.seq, problem: `${label} was edited: its hash does not match its content` };
        }
        previous = event;
    }
    return { ok: true, count: file.events.length };
}

;// CONCATENATED MODULE: ./src/store/run-files.ts

const STATE_DIR = 'sop-state';
const AUDIT_DIR = 'sop-audit';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Run ids become file names, so anything that could escape the folder is refused. */
function assertRunId(runId) {
    if (!RUN_ID.test(runId) || runId.includes('..') || runId.endsWith('.lock')) {
        throw new Error(`invalid run id ${JSON.stringify(runId)}: use letters, digits, ".", "_" and "-" (e.g. run-20261126-k3f9x2)`);
    }
}
function stateFileName(runId) {
    return `${runId}.json`;
}
function auditFileName(runId) {
    return `${runId}.json`;
}
function logFileName(runId) {
    return `${runId}.log`;
}
/** Run id of a `sop-state/` entry name, or null for anything else. */
function runIdOfStateFile(name) {
    if (!name.endsWith('.json'))
        return null;
    const id = name.slice(0, -'.json'.length);
    return RUN_ID.test(id) ? id : null;
}
/** Pretty JSON, 2-space indent, trailing newline: readable in a diff of the state branch. */
function toFileJson(value) {
    return `${JSON.stringify(value, null, 2)}\n`;
}
function parseStateFile(text, where) {
    const value = parseJson(text, where);
    if (typeof value !== 'object' || value === null || typeof value.run_id !== 'string') {
        throw new Error(`${where} is not a run state (no run_id); restore it from the state branch history`);
    }
    return value;
}
function parseAuditFile(text, where) {
    const value = parseJson(text, where);
    if (typeof value !== 'object' ||
        value === null ||
        typeof value.run_id !== 'string' ||
        !Array.isArray(value.events)) {
        throw new Error(`${where} is not an audit record ({"run_id", "events"}); restore it from the state branch history`);
    }
    return value;
}
function parseJson(text, where) {
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new Error(`${where} is not valid JSON (${error.message}); restore it from the state branch history`);
    }
}
/** The new contents of the run's files after `write`, given the current audit record and log. */
function applyWrite(runId, currentAudit, currentLog, write) {
    assertRunId(runId);
    if (write.state.run_id !== runId) {
        throw new Error(`cannot store the state of run ${write.state.run_id} as run ${runId}`);
    }
    if (write.events.length === 0) {
        throw new Error(`a write to run ${runId} must append at least one audit event (every transition is audited)`);
    }
    const audit = appendEvents(currentAudit, runId, write.events);
    const log = write.log === undefined || write.log === '' ? currentLog : (currentLog ?? '') + write.log;
    return { state: toFileJson(write.state), audit: toFileJson(audit), log, auditFile: audit };
}

;// CONCATENATED MODULE: ./src/store/git-store.ts
// The git state store: run state, audit chain and logs committed to a branch with plumbing only, compare-and-swap, optional push.








const ZERO_OID = '0'.repeat(40);
const DEFAULT_IDENTITY = { name: 'sop-engine', email: 'sop-engine@users.noreply.github.com' };
/** How long a put waits for other writers holding the branch lock before it gives up. */
const LOCK_WAIT_MS = 90_000;
/** From this many runs on, listRuns reads with two git processes. */
const PARALLEL_LIST_MIN = 2000;
/** Writers in one process queue per branch, so they take turns instead of polling the lock file. */
const queues = new Map();
function serialised(key, task) {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.then(() => undefined, () => undefined);
    queues.set(key, tail);
    void tail.then(() => {
        if (queues.get(key) === tail)
            queues.delete(key);
    });
    return run;
}
class GitStore {
    description;
    repoDir;
    branch;
    ref;
    remote;
    identity;
    maxPushAttempts;
    reader;
    /** A second reader, started only for large listRuns (see there). */
    helper = null;
    paths = null;
    writer = null;
    /** What the last commit this store wrote holds for its run: the next put on it needs no reads. */
    lastWritten = null;
    constructor(options) {
        this.repoDir = external_node_path_default().resolve(options.repoDir);
        this.branch = options.branch ?? 'sop-state';
        if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(this.branch) || this.branch.includes('..') || this.branch.endsWith('.lock') || this.branch.endsWith('/')) {
            throw new Error(`invalid state branch name ${JSON.stringify(this.branch)}: use letters, digits, ".", "_", "-" and "/" (e.g. sop-state)`);
        }
        if (options.remote !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.remote)) {
            throw new Error(`invalid remote ${JSON.stringify(options.remote)}: give the name of a configured remote, e.g. origin`);
        }
        this.ref = `refs/heads/${this.branch}`;
        this.remote = options.remote;
        this.identity = {
            name: clean(options.authorName) ?? DEFAULT_IDENTITY.name,
            email: clean(options.authorEmail) ?? DEFAULT_IDENTITY.email,
        };
        this.maxPushAttempts = options.maxPushAttempts ?? 20;
        this.description = `git:${this.branch}`;
        this.reader = new GitObjectReader(this.repoDir);
    }
    async get(runId) {
        assertRunId(runId);
        const tip = await this.readTip();
        if (tip === null)
            return null;
        const [state, audit] = await this.reader.readMany([
            `${tip}:${STATE_DIR}/${stateFileName(runId)}`,
            `${tip}:${AUDIT_DIR}/${auditFileName(runId)}`,
        ]);
        return this.snapshot(runId, state ?? null, audit ?? null);
    }
    async put(runId, expected, write) {
        assertRunId(runId);
        if (this.remote === undefined) {
            const result = await this.commitLocally(runId, expected, write);
            return result.ok ? { ok: true, version: result.version } : result;
        }
        for (let attempt = 1; attempt <= this.maxPushAttempts; attempt++) {
            const result = await this.commitLocally(runId, expected, write);
            if (!result.ok)
                return result;
            // A push that fails for any reason but a moved tip (network, credentials) leaves nothing behind locally.
            const pushed = await this.push(result.commit).catch(async (error) => {
                await this.rollback(result.commit, result.parent);
                throw error;
            });
            if (pushed === 'pushed')
                return { ok: true, version: result.version };
            // Someone else moved the remote branch first: our commit is discarded and the run re-checked on their tip.
            const remoteTip = await this.fetchRemoteTip();
            if (remoteTip === null || remoteTip === result.parent) {
                await this.rollback(result.commit, result.parent);
                throw new Error(`git push to ${this.remote} ${this.branch} was rejected although nobody else moved it: ${pushed.message}; check the branch protection rules of ${this.branch}`);
            }
            await this.setLocalTip(remoteTip);
        }
        throw new Error(`gave up writing run ${runId} after ${this.maxPushAttempts} rejected pushes to ${this.remote} ${this.branch} (other writers kept moving it); try again`);
    }
    /** Remote mode: bring the local branch to the remote's tip (created if only the remote has it). */
    async sync() {
        if (this.remote === undefined)
            return;
        const remoteTip = await this.fetchRemoteTip();
        if (remoteTip === null)
            return;
        const local = await this.readTip();
        if (local === remoteTip)
            return;
        if (local !== null) {
            // Keep local commits the remote has not seen yet (e.g. a push that failed on the network); the next put publishes them.
            const ahead = await runGit(this.repoDir, ['merge-base', '--is-ancestor', remoteTip, local]);
            if (ahead.code === 0)
                return;
        }
        await this.setLocalTip(remoteTip);
    }
    async listRunIds() {
        return (await this.stateEntries()).map((entry) => entry.runId);
    }
    async listRuns() {
        const entries = await this.stateEntries();
        const runs = new Array(entries.length);
        // Inflating the blobs is git's work and single-threaded per process: a large list is split
        // between this reader and a second one, so two cores share it. Each state is parsed as it
        // arrives, while git is still inflating the next ones.
        const split = entries.length >= PARALLEL_LIST_MIN && (0,external_node_os_.availableParallelism)() > 1 ? Math.ceil(entries.length / 2) : entries.length;
        const readPart = (reader, from, to) => reader.readEach(entries.slice(from, to).map((entry) => entry.oid), (offset, blob) => {
            const i = from + offset;
            const where = `${this.description}:${STATE_DIR}/${stateFileName(entries[i]?.runId ?? '?')}`;
            if (blob === null)
                throw new Error(`${where} is missing from the repository's objects; run git fsck`);
            runs[i] = parseStateFile(blob.content.toString('utf8'), where);
        });
        const parts = [readPart(this.reader, 0, split)];
        if (split < entries.length) {
            this.helper ??= new GitObjectReader(this.repoDir);
            parts.push(readPart(this.helper, split, entries.length));
        }
        await Promise.all(parts);
        return runs;
    }
    async readLog(runId) {
        assertRunId(runId);
        const tip = await this.readTip();
        if (tip === null)
            return null;
        const log = await this.reader.read(`${tip}:${AUDIT_DIR}/${logFileName(runId)}`);
        return log === null ? null : log.content.toString('utf8');
    }
    /**
     * The run's audit record as each commit that changed it left it, oldest first: lets `sop verify`
     * check that every commit appended events and none rewrote history.
     */
    async auditHistory(runId) {
        assertRunId(runId);
        const tip = await this.readTip();
        if (tip === null)
            return [];
        const file = `${AUDIT_DIR}/${auditFileName(runId)}`;
        const commits = (await git(this.repoDir, ['rev-list', '--reverse', tip, '--', file])).split('\n').filter((line) => line !== '');
        const blobs = await this.reader.readMany(commits.map((commit) => `${commit}:${file}`));
        return commits.map((commit, i) => {
            const blob = blobs[i] ?? null;
            return { commit, audit: blob === null ? null : parseAuditFile(blob.content.toString('utf8'), `${commit.slice(0, 12)}:${file}`) };
        });
    }
    async close() {
        await Promise.all([this.reader.close(), this.helper?.close()]);
    }
    // ---- internals ----
    snapshot(runId, state, audit) {
        if (state === null && audit === null)
            return null;
        const where = `${this.description}:${STATE_DIR}/${stateFileName(runId)}`;
        if (state === null || audit === null) {
            const missing = state === null ? where : `${this.description}:${AUDIT_DIR}/${auditFileName(runId)}`;
            throw new Error(`run ${runId} is damaged: ${missing} is missing; restore it from the history of branch ${this.branch}`);
        }
        return {
            state: parseStateFile(state.content.toString('utf8'), where),
            audit: parseAuditFile(audit.content.toString('utf8'), `${this.description}:${AUDIT_DIR}/${auditFileName(runId)}`),
            version: audit.oid,
        };
    }
    async stateEntries() {
        // The tree is read by ref name, so git resolves the branch (files, packed or reftable) in the
        // process already reading objects, and the repository check runs alongside instead of before it.
        const [tree, paths] = await Promise.allSettled([this.reader.read(`${this.ref}:${STATE_DIR}`), this.resolvePaths()]);
        if (paths.status === 'rejected')
            throw paths.reason;
        if (tree.status === 'rejected')
            throw tree.reason;
        if (tree.value === null || tree.value.type !== 'tree')
            return [];
        const entries = [];
        for (const entry of parseTree(tree.value.content)) {
            const runId = entry.mode === BLOB_MODE ? runIdOfStateFile(entry.name) : null;
            if (runId !== null)
                entries.push({ runId, oid: entry.oid });
        }
        return entries;
    }
    /**
     * Commit the write on the local branch tip if the run is still at `expected`. Writers to other
     * runs only make us wait for the branch lock, never re-decide.
     */
    async commitLocally(runId, expected, write) {
        const paths = await this.resolvePaths();
        return serialised(`${paths.commonDir}\0${this.ref}`, async () => {
            const deadline = Date.now() + LOCK_WAIT_MS;
            for (let attempt = 1;; attempt++) {
                const outcome = paths.reftable
                    ? await this.commitWithUpdateRef(runId, expected, write)
                    : await updateRefUnderLock(paths.commonDir, this.ref, async (tip) => {
                        const view = await this.viewAt(tip, runId);
                        if ((view.audit?.oid ?? null) !== expected)
                            return { next: null, value: { ok: false, reason: 'conflict' } };
                        const built = await this.build(runId, view, write);
                        return {
                            next: built.commit,
                            reflog: { ...this.identity, message: `sop-engine: ${write.message}` },
                            value: { ok: true, version: built.version, commit: built.commit, parent: tip },
                        };
                    });
                if (outcome.status === 'done')
                    return outcome.value;
                if (Date.now() > deadline) {
                    throw new Error(`branch ${this.branch} stayed locked for ${LOCK_WAIT_MS / 1000} s; if no sop or git process is running, remove ${external_node_path_default().join(paths.commonDir, `${this.ref}.lock`)}`);
                }
                await pause(attempt);
            }
        });
    }
    /** Reftable repositories: optimistic build, then `git update-ref` with the old value as the check. */
    async commitWithUpdateRef(runId, expected, write) {
        const view = await this.viewAt(await this.readTip(), runId);
        if ((view.audit?.oid ?? null) !== expected)
            return { status: 'done', value: { ok: false, reason: 'conflict' } };
        const built = await this.build(runId, view, write);
        const update = await runGit(this.repoDir, ['update-ref', '-m', `sop-engine: ${write.message}`, this.ref, built.commit, view.tip ?? ZERO_OID]);
        if (update.code === 0)
            return { status: 'done', value: { ok: true, version: built.version, commit: built.commit, parent: view.tip } };
        if (/cannot lock ref|unable to create|file exists/i.test(update.stderr))
            return { status: 'locked' };
        throw new Error(`cannot move branch ${this.branch} in ${this.repoDir}: ${update.stderr.trim()}`);
    }
    async viewAt(tip, runId) {
        if (tip === null)
            return { tip, root: null, stateTree: null, auditTree: null, audit: null, log: null };
        const last = this.lastWritten;
        if (last !== null && last.view.tip === tip && last.runId === runId)
            return last.view;
        const [root, stateTree, auditTree, audit, log] = await this.reader.readMany([
            `${tip}^{tree}`,
            `${tip}:${STATE_DIR}`,
            `${tip}:${AUDIT_DIR}`,
            `${tip}:${AUDIT_DIR}/${auditFileName(runId)}`,
            `${tip}:${AUDIT_DIR}/${logFileName(runId)}`,
        ]);
        if (root === null || root === undefined)
            throw new Error(`branch ${this.branch} points at ${tip}, which is not a commit in ${this.repoDir}; run git fsck`);
        return {
            tip,
            root: root.content,
            stateTree: stateTree?.type === 'tree' ? stateTree.content : null,
            auditTree: auditTree?.type === 'tree' ? auditTree.content : null,
            audit: audit ?? null,
            log: log ?? null,
        };
    }
    /** Every object of the next commit, hashed in memory and written in one concurrent batch. */
    async build(runId, view, write) {
        const writer = await this.objectWriter();
        const currentAudit = view.parsedAudit ?? (view.audit === null ? null : parseAuditFile(view.audit.content.toString('utf8'), `${this.description}:${AUDIT_DIR}/${auditFileName(runId)}`));
        const texts = applyWrite(runId, currentAudit, view.log === null ? null : view.log.content.toString('utf8'), write);
        const objects = [];
        const add = (type, content) => {
            objects.push({ type, content });
            return objectId(type, content);
        };
        const stateOid = add('blob', Buffer.from(texts.state, 'utf8'));
        const auditContent = Buffer.from(texts.audit, 'utf8');
        const auditOid = add('blob', auditContent);
        const auditChanges = [{ mode: BLOB_MODE, name: auditFileName(runId), oid: auditOid }];
        const logContent = texts.log === null ? null : Buffer.from(texts.log, 'utf8');
        const logOid = logContent === null ? null : add('blob', logContent);
        if (logOid !== null)
            auditChanges.push({ mode: BLOB_MODE, name: logFileName(runId), oid: logOid });
        const stateTreeContent = editTree(view.stateTree, [{ mode: BLOB_MODE, name: stateFileName(runId), oid: stateOid }]);
        const stateTree = add('tree', stateTreeContent);
        const auditTreeContent = editTree(view.auditTree, auditChanges);
        const auditTree = add('tree', auditTreeContent);
        const rootContent = editTree(view.root, [
            { mode: TREE_MODE, name: STATE_DIR, oid: stateTree },
            { mode: TREE_MODE, name: AUDIT_DIR, oid: auditTree },
        ]);
        const root = add('tree', rootContent);
        const message = `sop(${runId}): ${write.message}`;
        const commit = add('commit', serializeCommit(root, view.tip === null ? [] : [view.tip], this.identity, this.identity, message, new Date()));
        await writer.writeAll(objects);
        // Remembered only as the view at `commit`: used again only while the branch still points there.
        this.lastWritten = {
            runId,
            view: {
                tip: commit,
                root: rootContent,
                stateTree: stateTreeContent,
                auditTree: auditTreeContent,
                audit: { oid: auditOid, type: 'blob', content: auditContent },
                log: logContent === null || logOid === null ? view.log : { oid: logOid, type: 'blob', content: logContent },
                parsedAudit: texts.auditFile,
            },
        };
        return { commit, version: auditOid };
    }
    async push(commit) {
        const remote = this.remote;
        const result = await runGit(this.repoDir, ['push', '--porcelain', '--no-verify', remote, `${commit}:${this.ref}`]);
        if (result.code === 0)
            return 'pushed';
        const rejected = result.stdout.split('\n').find((line) => line.startsWith('!'));
        if (rejected !== undefined && /rejected/.test(rejected))
            return { message: rejected.split('\t').slice(2).join(' ') || rejected };
        throw new Error(`git push to ${remote} failed: ${(result.stderr || result.stdout).trim()}; check the remote's URL and credentials (in Actions: the github-token needs contents: write)`);
    }
    /** Fetch the remote branch into refs/remotes/<remote>/<branch>; null when the remote has no such branch. */
    async fetchRemoteTip() {
        const remote = this.remote;
        const tracking = `refs/remotes/${remote}/${this.branch}`;
        const result = await runGit(this.repoDir, ['fetch', '--no-tags', '--quiet', '--no-write-fetch-head', remote, `+${this.ref}:${tracking}`]);
        if (result.code !== 0) {
            if (/couldn't find remote ref/i.test(result.stderr))
                return null;
            throw new Error(`git fetch ${remote} ${this.branch} failed: ${result.stderr.trim()}; check the remote's URL and credentials`);
        }
        return this.readRef(tracking);
    }
    async setLocalTip(oid) {
        await this.assertNotCheckedOut();
        await git(this.repoDir, ['update-ref', '-m', 'sop-engine: sync with remote', this.ref, oid]);
    }
    /** Undo a local commit the remote refused, unless another writer already built on it. */
    async rollback(commit, parent) {
        const args = parent === null ? ['update-ref', '-d', this.ref, commit] : ['update-ref', this.ref, parent, commit];
        await runGit(this.repoDir, args);
    }
    async resolvePaths() {
        this.paths ??= (async () => {
            const result = await runGit(this.repoDir, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir', '--git-path', 'objects', '--show-object-format']);
            if (result.code !== 0) {
                throw new Error(`${this.repoDir} is not inside a git repository (${result.stderr.trim()}); run git init there, or use --state dir:<path>`);
            }
            const [gitDir, commonDir, objectsDir, format] = result.stdout.split('\n');
            if (format !== 'sha1') {
                throw new Error(`the repository at ${this.repoDir} uses the ${format ?? 'unknown'} object format; the git state store supports sha1 repositories only (use --state dir:<path>)`);
            }
            const common = commonDir ?? '';
            const reftable = await external_node_fs_.promises.stat(external_node_path_default().join(common, 'reftable')).then((stat) => stat.isDirectory(), () => false);
            return { gitDir: gitDir ?? '', commonDir: common, objectsDir: objectsDir ?? '', reftable };
        })();
        try {
            return await this.paths;
        }
        catch (error) {
            this.paths = null;
            throw error;
        }
    }
    async objectWriter() {
        if (this.writer === null) {
            await this.assertNotCheckedOut();
            this.writer = new LooseObjectWriter((await this.resolvePaths()).objectsDir);
        }
        return this.writer;
    }
    /** Moving a checked-out branch would change the user's working tree under them. */
    async assertNotCheckedOut() {
        const { gitDir } = await this.resolvePaths();
        const head = await external_node_fs_.promises.readFile(external_node_path_default().join(gitDir, 'HEAD'), 'utf8').catch(() => '');
        if (head.trim() === `ref: ${this.ref}`) {
            throw new Error(`the state branch ${this.branch} is checked out in ${this.repoDir}; switch to another branch (git switch -) or choose another state branch`);
        }
    }
    async readTip() {
        return this.readRef(this.ref);
    }
    /** Read a ref straight from the ref files (what git does), to avoid a process start per read. */
    async readRef(ref) {
        const { commonDir, reftable } = await this.resolvePaths();
        const direct = reftable ? 'unusual' : await readRefFile(commonDir, ref);
        if (direct !== 'unusual')
            return direct;
        const result = await runGit(this.repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
        return result.code === 0 ? result.stdout.trim() : null;
    }
}
function clean(value) {
    const cleaned = value?.replace(/[<>\n\r]/g, '').trim();
    return cleaned === undefined || cleaned === '' ? undefined : cleaned;
}
/** A short, jittered pause so writers contending for the ref lock do not retry in lockstep. */
function pause(attempt) {
    const ms = Math.random() * Math.min(20, 1 + attempt);
    return new Promise((resolve) => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ./src/action/api-tuning.ts
// Knobs for the REST client read from the environment (retry base, write pacing), checked as user input.

/**
 * Narrow knobs for the REST client, read from the environment: for tests (which must not wait a
 * second per retry or per write) and for self-hosted setups (e.g. a GHES proxy with its own
 * limits). Unset, the client keeps GitHub's recommended behaviour: 1 s retry base, paced writes.
 * - SOP_ENGINE_API_RETRY_BASE_MS: milliseconds per second of back-off and of `retry-after`.
 * - SOP_ENGINE_API_PACING=off: do not space writes (secondary rate limits are still retried).
 */
function apiTuning(env) {
    const tuning = {};
    const base = env['SOP_ENGINE_API_RETRY_BASE_MS'];
    if (base !== undefined && base.trim() !== '') {
        const ms = Number(base);
        if (!Number.isFinite(ms) || ms < 0) {
            throw new errors/* UserError */.y(`SOP_ENGINE_API_RETRY_BASE_MS must be a number of milliseconds (e.g. 1000), not ${JSON.stringify(base)}`);
        }
        tuning.retryAfterBaseValue = ms;
    }
    const pacing = env['SOP_ENGINE_API_PACING'];
    if (pacing !== undefined && pacing.trim() !== '') {
        const value = pacing.trim().toLowerCase();
        if (value !== 'on' && value !== 'off')
            throw new errors/* UserError */.y(`SOP_ENGINE_API_PACING must be on or off, not ${JSON.stringify(pacing)}`);
        tuning.pacing = value === 'on';
    }
    return tuning;
}

;// CONCATENATED MODULE: ./src/engine/types.ts
const TERMINAL_STATUSES = ['completed', 'failed', 'rejected', 'timed_out', 'cancelled'];

;// CONCATENATED MODULE: ./src/store/transact.ts
// Read-decide-write against a store, re-deciding on every compare-and-swap conflict.

/**
 * Read the run, let `fn` decide, and write the decision only on top of the state it was made
 * from. On a conflict `fn` is called again with the fresh snapshot, so a decision is never
 * applied to a state it did not see (two runners cannot both claim the same step).
 */
async function transact(store, runId, fn, opts = {}) {
    const maxAttempts = opts.maxAttempts ?? 100;
    let known = opts.known;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const fromKnown = known !== undefined;
        const snapshot = known ?? (await store.get(runId));
        known = undefined;
        let decision;
        try {
            decision = await fn(snapshot);
        }
        catch (error) {
            // A refusal is only final when it was decided on the stored state: retry on a fresh read.
            if (!fromKnown)
                throw error;
            attempt--;
            continue;
        }
        const { write, result } = decision;
        if (write === null) {
            // "Nothing to do" is only reported against the stored state, never against a possibly stale hint.
            if (fromKnown) {
                attempt--;
                continue;
            }
            return { result, snapshot };
        }
        const put = await store.put(runId, snapshot?.version ?? null, write);
        if (put.ok) {
            return {
                result,
                snapshot: { state: write.state, audit: appendEvents(snapshot?.audit ?? null, runId, write.events), version: put.version },
            };
        }
        // Someone changed the run since the hint was taken: read it afresh at once, no back-off needed.
        if (fromKnown) {
            attempt--;
            continue;
        }
        // Another writer changed this run first: back off a little (jittered, so racers spread out) and re-decide.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** Math.min(attempt, 6))));
    }
    throw new Error(`run ${runId} in ${store.description} kept changing under us: gave up after ${maxAttempts} attempts; another process is writing to it continuously, retry when it is idle`);
}

;// CONCATENATED MODULE: ./src/action/channel.ts




/** A step finishing this long after the issue was last written updates its checklist in place. */
const LIVE_UPDATE_MS = 15_000;
/**
 * What a transition asks of the run's issue. A new wait or the end: a full sync (comment, body,
 * labels, state). A partial approval (1 of 2), or a step finishing after a long quiet spell while
 * the run goes on: the checklist in place. Quick steps in between write nothing: the next wait or
 * the end brings the checklist up to date in the same PATCH, which keeps resuming a run within
 * 5 REST calls (👀, permission, comment, PATCH, 👍) while people watching a long run see it move.
 */
function issueUpdateFor(effects, msSinceLastWrite) {
    const has = (type) => effects.some((e) => e.type === type);
    if (has('gate_opened') || has('run_ended'))
        return 'sync';
    if (has('gate_progress'))
        return 'body';
    if (has('step_finished') && has('run_step') && msSinceLastWrite >= LIVE_UPDATE_MS)
        return 'body';
    return null;
}
/**
 * Bring the run's issue up to date with its state. Creates the issue at the first wait (one
 * call), comments on later waits and at the end, and keeps the checklist and labels current
 * with one PATCH. Returns the issue number (null when the run never waited).
 */
async function syncIssue(deps, snapshot, def, change) {
    const { gh, repo } = deps;
    const state = snapshot.state;
    const waiting = state.status === 'pending_approval';
    let issue = state.channel?.issue_number ?? null;
    const body = (0,render/* renderIssueBody */.Yx)(def, state, deps.render);
    if (issue === null) {
        if (!waiting)
            return null;
        issue = await createRunIssue(gh, repo, {
            title: (0,render/* renderIssueTitle */.GN)(state),
            body,
            labels: [SOP_LABEL, PENDING_LABEL],
        });
        deps.knownLabels.set(issue, [SOP_LABEL, PENDING_LABEL]);
        await recordIssue(deps, state.run_id, issue);
        return issue;
    }
    if (change.gateOpened && waiting)
        await commentOnIssue(gh, repo, issue, (0,render/* renderGateComment */.LO)(def, state, deps.render));
    const ended = TERMINAL_STATUSES.includes(state.status);
    if (change.ended && ended)
        await commentOnIssue(gh, repo, issue, (0,render/* renderEndComment */.$u)(state));
    const labels = await currentLabels(deps, issue);
    const wanted = waiting
        ? [...new Set([...labels, SOP_LABEL, PENDING_LABEL])]
        : labels.filter((l) => l !== PENDING_LABEL);
    await gh.rest.issues.update({
        ...repo,
        issue_number: issue,
        body,
        labels: wanted,
        ...(ended ? { state: 'closed', state_reason: state.status === 'completed' ? 'completed' : 'not_planned' } : {}),
    });
    deps.knownLabels.set(issue, wanted);
    return issue;
}
async function currentLabels(deps, issue) {
    const known = deps.knownLabels.get(issue);
    if (known)
        return known;
    const { data } = await deps.gh.rest.issues.get({ ...deps.repo, issue_number: issue });
    const names = data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== '');
    deps.knownLabels.set(issue, names);
    return names;
}
/** Keep the issue number in the run's state (one audited commit), so later events find it. */
async function recordIssue(deps, runId, issue) {
    await transact(deps.store, runId, (snap) => {
        if (!snap || snap.state.channel?.issue_number === issue)
            return { write: null, result: undefined };
        const at = deps.now().toISOString();
        const state = { ...snap.state, channel: { type: 'issue', issue_number: issue } };
        return {
            write: {
                state,
                events: [
                    {
                        ts: at,
                        type: 'channel_opened',
                        actor: 'system',
                        step: snap.state.current_step,
                        details: { channel: 'issue', issue_number: issue },
                    },
                ],
                log: `[${at}] ----- issue #${issue} opened for approvals\n`,
                message: `issue #${issue} opened for approvals`,
            },
            result: undefined,
        };
    });
}

// EXTERNAL MODULE: ./src/github/eligibility.ts
var github_eligibility = __webpack_require__(1390);
// EXTERNAL MODULE: ./src/sop/markdown.ts
var markdown = __webpack_require__(921);
// EXTERNAL MODULE: ./src/sop/parse-core.ts + 6 modules
var parse_core = __webpack_require__(40);
;// CONCATENATED MODULE: ./src/sop/parse.ts
// Parses one SOP file's bytes into a typed definition, or into every located error it has. Pure: no I/O.
// Synchronous, so it loads remark up front; loadSops uses parse-core.ts and loads remark only when a file needs it.



function parseSop(path, content) {
    return parseSopDetailed(path, content).result;
}
/** parseSop with the remark reader only: the reference the fast scanner is tested against. */
function parseSopWithRemark(path, content) {
    return parseSopDetailed(path, content, { markdown: 'remark' }).result;
}
function parseSopDetailed(path, content, options = {}) {
    const parsed = (0,parse_core/* parseSopWith */.AW)(path, content, options, markdown.readMarkdown);
    // With a reader given, parse-core never asks for one; the check only narrows the type.
    if (parsed === parse_core/* NEEDS_MARKDOWN */.AQ)
        throw new Error('parseSopWith asked for a markdown reader it was given');
    return parsed;
}

;// CONCATENATED MODULE: ./src/runner/pinned.ts
// Loads the SOP a run pinned at its start: the text recorded in its run_started audit event.


/** The pinned SOP text of a run, checked against the sha256 in its state. */
function pinnedSource(snapshot) {
    const started = snapshot.audit.events.find((e) => e.type === 'run_started');
    const source = started?.details['sop_source'];
    if (typeof source !== 'string') {
        throw new errors/* UserError */.y(`${snapshot.state.run_id}: its audit record has no pinned SOP text (run_started event missing); run \`sop verify ${snapshot.state.run_id}\``);
    }
    return source;
}
/** Parse a run's pinned SOP; resumed steps run this text, never the working tree's. */
function pinnedDefinition(snapshot) {
    const { state } = snapshot;
    const parsed = parseSop(state.sop.path, pinnedSource(snapshot));
    if (!parsed.ok) {
        const first = parsed.errors[0];
        throw new errors/* UserError */.y(`${state.run_id}: its pinned SOP no longer parses (${first?.message ?? 'unknown error'})`);
    }
    if (parsed.sop.sha256 !== state.sop.sha256) {
        throw new errors/* UserError */.y(`${state.run_id}: the pinned SOP text does not match sha256 ${state.sop.sha256} recorded at start; run \`sop verify ${state.run_id}\``);
    }
    return parsed.sop;
}

// EXTERNAL MODULE: ./src/engine/gates.ts
var gates = __webpack_require__(3130);
;// CONCATENATED MODULE: ./src/engine/transition.ts
function beginTransition(previous, at) {
    const state = {
        ...previous,
        updated_at: at,
        outputs: { ...previous.outputs },
        approvals: [...previous.approvals],
        history: [...previous.history],
    };
    if (previous.refused_refs !== undefined)
        state.refused_refs = [...previous.refused_refs];
    return { state, at, audit: [], effects: [], summary: [] };
}
function record(tx, type, actor, step, details) {
    tx.audit.push({ ts: tx.at, type, actor, step, details });
}
function finish(tx) {
    return { ok: true, state: tx.state, audit: tx.audit, effects: tx.effects, summary: tx.summary.join(', ') };
}
/** A decision that changes nothing and writes nothing (e.g. a sweep with nothing due). */
function unchanged(state, summary, duplicate) {
    return { ok: true, state, audit: [], effects: [], summary, ...(duplicate ? { duplicate } : {}) };
}
function isTerminal(status) {
    return status !== 'pending_approval' && status !== 'running';
}
/** Ends the run: one place so every ending clears the wait and stamps finished_at the same way. */
function endRun(tx, end) {
    const s = tx.state;
    s.status = end.status;
    s.waiting_for = null;
    s.waiting_since = null;
    s.finished_at = tx.at;
    if (end.reason !== undefined)
        s.reason = end.reason;
    record(tx, end.auditType, end.actor, s.current_step, {
        ...(end.reason !== undefined ? { reason: end.reason } : {}),
        ...end.details,
    });
    tx.effects.push({ type: 'run_ended', status: end.status, ...(end.reason !== undefined ? { reason: end.reason } : {}) });
}

;// CONCATENATED MODULE: ./src/engine/advance.ts
// Moving a run forward to a step: complete the run, open a wait, or claim the step to run it.


/** How many distinct people must pass the wait before `step`: a gate needs min_approvals, a manual step one. */
function neededFor(def, waitingFor) {
    return waitingFor === 'approval' ? def.approval.min_approvals : 1;
}
/** Marks the step as running before it executes, so two runners can never both start it. */
function claim(tx, def, step, actor) {
    const s = tx.state;
    s.status = 'running';
    s.current_step = step;
    s.waiting_for = null;
    s.waiting_since = null;
    s.history.push({ step, status: 'running', output: '', timestamp: tx.at });
    record(tx, 'step_started', actor, step, { title: def.steps[step - 1]?.title ?? '' });
    tx.effects.push({ type: 'run_step', step });
    tx.summary.push(`running step ${step}`);
}
function openWait(tx, def, step, waitingFor, actor) {
    const s = tx.state;
    s.status = 'pending_approval';
    s.current_step = step;
    s.waiting_for = waitingFor;
    s.waiting_since = tx.at;
    s.history.push({ step, status: 'pending_approval', output: '', timestamp: tx.at, waiting_for: waitingFor });
    const spec = def.steps[step - 1];
    record(tx, 'gate_opened', actor, step, {
        waiting_for: waitingFor,
        min_approvals: neededFor(def, waitingFor),
        approvers: def.approval.approvers,
        title: spec?.title ?? '',
        manual: spec?.command === null,
    });
    tx.effects.push({ type: 'gate_opened', step, waiting_for: waitingFor });
    tx.summary.push(`waiting for ${waitingFor} of step ${step}`);
}
/** Reaches step `step` (1-based); past the last step the run completes. */
function advance(tx, def, step, actor) {
    if (step > def.steps.length) {
        tx.state.current_step = def.steps.length;
        endRun(tx, { status: 'completed', auditType: 'run_completed', actor });
        tx.summary.push('run completed');
        return;
    }
    if ((0,gates/* gateBefore */.X)(def, step))
        return openWait(tx, def, step, 'approval', actor);
    if (def.steps[step - 1]?.command === null)
        return openWait(tx, def, step, 'confirmation', actor);
    claim(tx, def, step, actor);
}

// EXTERNAL MODULE: ./src/sop/duration.ts
var duration = __webpack_require__(8400);
;// CONCATENATED MODULE: ./src/engine/end-wait.ts
// The `sweep` and `cancel` events: ending a run from outside its steps.


/** A claimed step whose runner has not reported this long after its own timeout is taken as lost. */
const LOST_STEP_GRACE_MS = 10 * 60_000;
/** How long the current wait has lasted past approval.timeout at `at`, or null if it has not expired. */
function waitExpiredBy(def, state, at) {
    if (state.status !== 'pending_approval' || state.waiting_since === null)
        return null;
    const waited = Date.parse(at) - Date.parse(state.waiting_since);
    return waited > def.approval.timeout_ms ? waited : null;
}
/** Ends the run as timed_out because its wait outlived approval.timeout. */
function timeOutWait(tx, def, waited) {
    const step = tx.state.current_step;
    const limit = def.approval.timeout || (0,duration/* formatDuration */.a)(def.approval.timeout_ms);
    const reason = `step ${step} waited for ${tx.state.waiting_for ?? 'approval'} longer than ${limit} (approval.timeout)`;
    tx.state.history.push({ step, status: 'timed_out', output: '', timestamp: tx.at });
    endRun(tx, { status: 'timed_out', reason, auditType: 'run_timed_out', actor: 'system', details: { waited_ms: waited } });
    tx.summary.push(`timed out: ${reason}`);
    return reason;
}
/**
 * Ends a wait that has lasted longer than approval.timeout, and a claimed step whose runner
 * vanished (crashed or was cancelled) well past the step's own timeout; anything else is left alone.
 */
function decideSweep(def, state, event) {
    const waited = waitExpiredBy(def, state, event.at);
    if (waited !== null) {
        const tx = beginTransition(state, event.at);
        timeOutWait(tx, def, waited);
        return finish(tx);
    }
    if (state.status === 'running') {
        const step = state.current_step;
        const claimed = state.history.filter((h) => h.step === step && h.status === 'running').at(-1);
        const limit = (def.steps[step - 1]?.timeout_ms ?? 0) + LOST_STEP_GRACE_MS;
        if (claimed && Date.parse(event.at) - Date.parse(claimed.timestamp) > limit) {
            const reason = `step ${step} was claimed at ${claimed.timestamp} but its runner never reported back (it stopped or crashed); ended by sweep`;
            const tx = beginTransition(state, event.at);
            tx.state.history.push({ step, status: 'failed', output: '', timestamp: event.at, exit_code: null });
            endRun(tx, { status: 'failed', reason, auditType: 'run_failed', actor: 'system', details: { lost_step: step } });
            tx.summary.push(`failed: ${reason}`);
            return finish(tx);
        }
    }
    return unchanged(state, 'nothing to sweep');
}
function decideCancel(state, event) {
    if (isTerminal(state.status)) {
        return { ok: false, error: `${state.run_id} already ${state.status.replace('_', ' ')}; there is nothing to cancel` };
    }
    const tx = beginTransition(state, event.at);
    tx.state.history.push({ step: state.current_step, status: 'cancelled', output: '', timestamp: event.at, by: [event.by] });
    endRun(tx, { status: 'cancelled', reason: event.reason, auditType: 'run_cancelled', actor: event.by });
    tx.summary.push(`cancelled by ${event.by}: ${event.reason}`);
    return finish(tx);
}

;// CONCATENATED MODULE: ./src/engine/command.ts
// A person's /approve, /reject or /done against a run: the eligibility rules of SPEC 5.5, then the decision.



function sameLogin(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
/** How the user would type the command on the channel it came from, for replies that say what to do. */
function spelled(via, command) {
    return via === 'cli' ? `sop ${command}` : `/${command}`;
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
function refuse(state, event, rule, reason) {
    const tx = beginTransition(state, event.at);
    tx.state.refused_refs = [...(tx.state.refused_refs ?? []), event.ref];
    record(tx, 'command_refused', event.by, state.current_step, { rule, reason, command: event.command, ref: event.ref });
    tx.effects.push({ type: 'refused', rule, reason });
    tx.summary.push(`${event.command} by ${event.by} refused (${rule === 'state' ? 'state' : `rule ${rule}`})`);
    return finish(tx);
}
function threadOf(via) {
    if (via === 'issue_comment' || via === 'issues')
        return 'this issue belongs to';
    if (via === 'pull_request' || via === 'pull_request_review')
        return 'this pull request belongs to';
    return 'this command was sent to';
}
/** Reason the run cannot take any decision now, or null when it is waiting for one. */
function notWaiting(state) {
    if (isTerminal(state.status))
        return `${state.run_id} already ${state.status.replace('_', ' ')}; it takes no more decisions`;
    if (state.status === 'running')
        return `${state.run_id} is running step ${state.current_step}; it is not waiting for a decision`;
    return null;
}
/** Rule 3: when approvers are named, the author must be one of the logins or in one of the teams. */
function eligible(def, event) {
    const approvers = def.approval.approvers;
    if (approvers.length === 0)
        return true;
    const teams = event.teams ?? [];
    return approvers.some((entry) => entry.startsWith('@') ? teams.some((team) => sameLogin(team, entry)) : sameLogin(entry, event.by));
}
/** Distinct people (first spelling seen) who approved or confirmed `step`. */
function passersOf(state, step) {
    const people = [];
    for (const a of state.approvals) {
        if (a.step !== step || a.decision === 'reject')
            continue;
        if (!people.some((p) => sameLogin(p, a.by)))
            people.push(a.by);
    }
    return people;
}
function reject(state, event, reason) {
    const step = state.current_step;
    const tx = beginTransition(state, event.at);
    const s = tx.state;
    s.approvals.push({ step, by: event.by, decision: 'reject', at: event.at, via: event.via, ref: event.ref, comment: reason });
    s.history.push({ step, status: 'rejected', output: '', timestamp: event.at, by: [event.by] });
    record(tx, 'rejected', event.by, step, { reason, via: event.via, ref: event.ref });
    tx.effects.push({ type: 'accepted', decision: 'reject', by: event.by, step });
    endRun(tx, { status: 'rejected', reason, auditType: 'run_rejected', actor: event.by });
    tx.summary.push(`rejected by ${event.by}: ${reason}`);
    return finish(tx);
}
function decideCommand(def, state, event) {
    // a. A redelivered event (same source) changes nothing, whether it was accepted or refused.
    if (state.approvals.some((a) => a.ref === event.ref) || (state.refused_refs ?? []).includes(event.ref)) {
        return unchanged(state, `${event.command} by ${event.by} already recorded (${event.ref})`, true);
    }
    // A gate past approval.timeout has timed out even if no sweep ran yet: it takes no more decisions.
    const waited = waitExpiredBy(def, state, event.at);
    if (waited !== null) {
        const tx = beginTransition(state, event.at);
        const reason = timeOutWait(tx, def, waited);
        tx.state.refused_refs = [...(tx.state.refused_refs ?? []), event.ref];
        record(tx, 'command_refused', event.by, state.current_step, { rule: 'state', reason, command: event.command, ref: event.ref });
        tx.effects.push({ type: 'refused', rule: 'state', reason: `too late: ${reason}` });
        return finish(tx);
    }
    // b. Rule 5: the command must name this run.
    if (event.run_id_given !== undefined && event.run_id_given !== state.run_id) {
        return refuse(state, event, 5, `${threadOf(event.via)} run ${state.run_id}; the command names run ${event.run_id_given}`);
    }
    // c. Rules the edge checked against GitHub (bot, permission, team lookup).
    if (event.precheck !== undefined)
        return refuse(state, event, event.precheck.rule, event.precheck.reason);
    // d. The run must be waiting for a decision.
    const idle = notWaiting(state);
    if (idle !== null)
        return refuse(state, event, 'state', idle);
    // e. Rule 3.
    if (!eligible(def, event)) {
        const who = def.approval.approvers.join(', ');
        return refuse(state, event, 3, `${event.by} is not listed in approval.approvers (${who}); ask one of them to ${event.command}`);
    }
    const step = state.current_step;
    if (event.command === 'reject') {
        const reason = event.reason?.trim() ?? '';
        if (reason === '') {
            return refuse(state, event, 'state', `a rejection needs a reason: ${spelled(event.via, 'reject')} ${event.via === 'cli' ? `${state.run_id} --reason TEXT` : '<reason>'}`);
        }
        return reject(state, event, reason);
    }
    // f. The command against the kind of wait.
    const manual = def.steps[step - 1]?.command === null;
    const waitingFor = state.waiting_for ?? 'approval';
    if (waitingFor === 'approval' && event.command === 'done' && !manual) {
        return refuse(state, event, 'state', `${spelled(event.via, 'done')} confirms a manual step; step ${step} waits for approval: use ${spelled(event.via, 'approve')}`);
    }
    const isApproval = waitingFor === 'approval';
    const needed = neededFor(def, waitingFor);
    // g. Rule 4 guards approvals only: the starter may still confirm a manual step, and may reject.
    if (isApproval && !def.approval.allow_self_approval && sameLogin(event.by, state.started_by)) {
        return refuse(state, event, 4, `${state.started_by} started this run; approval.allow_self_approval is false, so another person must approve`);
    }
    // h. Each person counts once per gate.
    const before = passersOf(state, step);
    if (before.some((p) => sameLogin(p, event.by))) {
        return refuse(state, event, 'state', `${event.by} already approved step ${step}; it needs ${plural(needed, 'distinct approver')}`);
    }
    const tx = beginTransition(state, event.at);
    const s = tx.state;
    s.approvals.push({
        step,
        by: event.by,
        decision: event.command,
        at: event.at,
        via: event.via,
        ref: event.ref,
        ...(event.comment !== undefined ? { comment: event.comment } : {}),
    });
    const passers = [...before, event.by];
    record(tx, isApproval ? 'approved' : 'confirmed', event.by, step, {
        count: passers.length,
        needed,
        decision: event.command,
        via: event.via,
        ref: event.ref,
        ...(event.comment !== undefined ? { comment: event.comment } : {}),
    });
    tx.effects.push({ type: 'accepted', decision: event.command, by: event.by, step });
    tx.summary.push(isApproval
        ? `step ${step} approved by ${event.by} (${passers.length} of ${needed})`
        : `step ${step} confirmed by ${event.by}`);
    if (passers.length < needed) {
        tx.effects.push({ type: 'gate_progress', step, approvals: passers, needed });
        return finish(tx);
    }
    if (!manual) {
        claim(tx, def, step, event.by);
        return finish(tx);
    }
    // A manual step is done once its wait passes: the people who passed it did the work.
    s.history.push({ step, status: 'completed', output: '', timestamp: event.at, by: passers });
    record(tx, 'step_completed', event.by, step, { manual: true, by: passers });
    tx.effects.push({ type: 'step_finished', step, status: 'completed' });
    advance(tx, def, step + 1, event.by);
    return finish(tx);
}

;// CONCATENATED MODULE: ./src/engine/payload.ts
const MAX_SHOWN_VALUE = 60;
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function shown(text) {
    const cut = text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}…` : text;
    return JSON.stringify(cut);
}
/** Returns an error message, or null when the value satisfies the input's pattern. */
function checkPattern(name, spec, value) {
    if (spec.pattern === undefined)
        return null;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return `payload: "${name}" must be a string, number or boolean to match pattern ${spec.pattern} (got ${describe(value)})`;
    }
    let re;
    try {
        // Anchored so that a pattern written without ^…$ cannot pass on a partial match.
        re = new RegExp(`^(?:${spec.pattern})$`);
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return `input "${name}" has an invalid pattern ${spec.pattern} (${why}); fix the SOP's inputs`;
    }
    const text = String(value);
    if (re.test(text))
        return null;
    const about = spec.description ? ` (${spec.description})` : '';
    return `payload: "${name}"${about} is ${shown(text)}, which does not match pattern ${spec.pattern}`;
}
function validatePayload(def, payload) {
    if (!isPlainObject(payload)) {
        return { ok: false, errors: [`payload must be a JSON object such as {"key": "value"}, got ${describe(payload)}`] };
    }
    const declared = Object.keys(def.inputs);
    if (declared.length === 0)
        return { ok: true, payload: { ...payload } };
    const errors = [];
    const unknown = Object.keys(payload).filter((key) => !Object.hasOwn(def.inputs, key));
    if (unknown.length > 0) {
        const keys = unknown.map((k) => `"${k}"`).join(', ');
        errors.push(`payload: ${unknown.length === 1 ? 'key' : 'keys'} ${keys} ${unknown.length === 1 ? 'is' : 'are'} not declared by SOP "${def.name}"; allowed keys: ${declared.join(', ')}`);
    }
    const result = { ...payload };
    for (const [name, spec] of Object.entries(def.inputs)) {
        let value = payload[name];
        if (value === undefined || value === null) {
            if (spec.default !== undefined) {
                value = spec.default;
                result[name] = value;
            }
            else {
                if (spec.required) {
                    errors.push(`payload: "${name}" is required${spec.description ? ` (${spec.description})` : ''}`);
                }
                continue;
            }
        }
        const problem = checkPattern(name, spec, value);
        if (problem !== null)
            errors.push(problem);
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, payload: result };
}

// EXTERNAL MODULE: ./src/engine/run-id.ts
var run_id = __webpack_require__(3681);
;// CONCATENATED MODULE: ./src/engine/start.ts
// The `start` event: a new run with a checked payload, pinned to the SOP text it was started from.





function decideStart(def, event) {
    if (!(0,run_id/* isRunId */.P)(event.run_id)) {
        return { ok: false, error: `"${event.run_id}" is not a run id; run ids look like run-20261126-k3f9x2 (use makeRunId)` };
    }
    const checked = validatePayload(def, event.payload);
    if (!checked.ok) {
        return { ok: false, error: `cannot start ${def.name}: ${checked.errors.join('; ')}` };
    }
    const sop = {
        path: def.path,
        sha256: def.sha256,
        commit: event.commit,
        ...(def.version !== undefined ? { version: def.version } : {}),
    };
    const mode = (0,gates/* effectiveMode */.p)(def);
    const state = {
        run_id: event.run_id,
        sop_name: def.name,
        status: 'running',
        current_step: 0,
        started_at: event.at,
        updated_at: event.at,
        payload: checked.payload,
        mode: def.execution_mode,
        effective_mode: mode,
        waiting_for: null,
        waiting_since: null,
        sop,
        started_by: event.started_by,
        trigger: event.trigger,
        outputs: {},
        approvals: [],
        history: [],
    };
    const tx = { state, at: event.at, audit: [], effects: [], summary: [`started (${mode})`] };
    record(tx, 'run_started', event.started_by, null, {
        sop,
        payload: checked.payload,
        trigger: event.trigger,
        mode: def.execution_mode,
        effective_mode: mode,
        sop_source: event.sop_source,
    });
    advance(tx, def, 1, event.started_by);
    return finish(tx);
}

;// CONCATENATED MODULE: ./src/engine/output-tail.ts
// Keeps the end of a step's output within the state file's budget (SPEC 3.3: last 64 KiB).
const OUTPUT_TAIL_BYTES = 64 * 1024;
/** The last `maxBytes` bytes of `output` as UTF-8, never splitting a character. */
function tailOutput(output, maxBytes = OUTPUT_TAIL_BYTES) {
    if (Buffer.byteLength(output, 'utf8') <= maxBytes)
        return output;
    const bytes = Buffer.from(output, 'utf8');
    let start = bytes.length - maxBytes;
    // Continuation bytes look like 10xxxxxx; skip them so the cut lands on a character start.
    while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80)
        start++;
    return bytes.subarray(start).toString('utf8');
}

;// CONCATENATED MODULE: ./src/engine/step-finished.ts
// The `step_finished` event: record a claimed step's result, then fail the run or move on.




function failureReason(def, event) {
    const spec = def.steps[event.step - 1];
    const name = `step ${event.step}${spec ? ` (${spec.title})` : ''}`;
    if (event.error !== undefined)
        return `${name} failed: ${event.error}`;
    if (event.timed_out)
        return `${name} timed out after ${(0,duration/* formatDuration */.a)(spec?.timeout_ms ?? event.duration_ms)}`;
    if (event.exit_code === null)
        return `${name} failed: it was killed before it exited`;
    return `${name} failed with exit code ${event.exit_code}`;
}
function decideStepFinished(def, state, event) {
    if (state.status !== 'running' || state.current_step !== event.step) {
        const now = state.status === 'running' ? `running step ${state.current_step}` : state.status;
        return {
            ok: false,
            error: `${state.run_id} is ${now}; a result for step ${event.step} does not belong to it (was the step already recorded?)`,
        };
    }
    const success = event.exit_code === 0 && !event.timed_out && event.error === undefined;
    const tx = beginTransition(state, event.at);
    const s = tx.state;
    s.history.push({
        step: event.step,
        status: success ? 'completed' : 'failed',
        output: tailOutput(event.output),
        timestamp: event.at,
        exit_code: event.exit_code,
        timed_out: event.timed_out,
        duration_ms: event.duration_ms,
    });
    const outputKeys = Object.keys(event.outputs);
    if (outputKeys.length > 0)
        s.outputs[String(event.step)] = { ...event.outputs };
    record(tx, success ? 'step_completed' : 'step_failed', 'system', event.step, {
        exit_code: event.exit_code,
        timed_out: event.timed_out,
        duration_ms: event.duration_ms,
        outputs: outputKeys,
        ...(event.error !== undefined ? { error: event.error } : {}),
    });
    tx.effects.push({ type: 'step_finished', step: event.step, status: success ? 'completed' : 'failed' });
    if (!success) {
        const reason = failureReason(def, event);
        endRun(tx, { status: 'failed', reason, auditType: 'run_failed', actor: 'system' });
        tx.summary.push(reason);
        return finish(tx);
    }
    tx.summary.push(`step ${event.step} completed`);
    advance(tx, def, event.step + 1, 'system');
    return finish(tx);
}

;// CONCATENATED MODULE: ./src/engine/decide.ts
// The run state machine: (SOP, state, event) → next state, audit entries and effects. Pure: no I/O, no clock.




function decide(def, state, event) {
    if (event.type === 'start') {
        if (state !== null)
            return { ok: false, error: `${state.run_id} already exists; a run starts only once` };
        return decideStart(def, event);
    }
    if (state === null)
        return { ok: false, error: `no run to apply "${event.type}" to; start a run first` };
    if (state.sop_name !== def.name) {
        return { ok: false, error: `${state.run_id} runs SOP "${state.sop_name}", not "${def.name}"; load the run's own SOP` };
    }
    switch (event.type) {
        case 'command':
            return decideCommand(def, state, event);
        case 'step_finished':
            return decideStepFinished(def, state, event);
        case 'sweep':
            return decideSweep(def, state, event);
        case 'cancel':
            return decideCancel(state, event);
    }
}

;// CONCATENATED MODULE: ./src/runner/runner.ts
// Drives runs: turns engine decisions into committed state and executed steps. Shared by CLI and Action.





/** Apply one event to a run with compare-and-swap; re-decides on conflict. */
async function applyEvent(ctx, runId, event, known, 
/** The run as this runner last committed it: saves a read; the write is still compare-and-swapped. */
last) {
    let def = known;
    const { result, snapshot } = await transact(ctx.store, runId, (snap) => {
        if (event.type === 'start') {
            if (snap)
                throw new errors/* UserError */.y(`run ${runId} already exists`);
            def = event.sop;
        }
        else {
            if (!snap)
                throw new errors/* UserError */.y(`unknown run ${runId}; list runs with \`sop runs\``);
            def ??= pinnedDefinition(snap);
        }
        const decided = decide(def, snap?.state ?? null, event);
        if (!decided.ok)
            throw new errors/* UserError */.y(decided.error);
        if (decided.audit.length === 0)
            return { write: null, result: decided };
        return {
            write: {
                state: decided.state,
                events: decided.audit,
                log: logFor(event, def, decided.summary),
                message: decided.summary,
            },
            result: decided,
        };
    }, last === undefined ? {} : { known: last });
    if (!snapshot || !def)
        throw new errors/* UserError */.y(`run ${runId} could not be read back after writing`);
    const transition = { decided: result, snapshot, def };
    if (result.audit.length > 0)
        await ctx.hooks?.afterTransition?.(result, snapshot, def);
    return transition;
}
/** What the .log file gets for a transition: step output under a header, one line for anything else. */
function logFor(event, def, summary) {
    if (event.type !== 'step_finished')
        return `[${event.at}] ----- ${summary}\n`;
    const step = def.steps[event.step - 1];
    const body = event.output === '' || event.output.endsWith('\n') ? event.output : `${event.output}\n`;
    const verdict = event.error ?? (event.timed_out ? 'timed out' : `exit code ${event.exit_code ?? 'none'}`);
    return `[${event.at}] ===== step ${event.step}: ${step?.title ?? ''} (${verdict}, ${event.duration_ms} ms)\n${body}`;
}
/** Execute claimed steps until the run waits, ends, or another runner owns it. */
async function drive(ctx, first, transitions) {
    let current = first;
    for (;;) {
        const claim = current.decided.effects.find((e) => e.type === 'run_step');
        if (!claim)
            return;
        const { def } = current;
        const state = current.snapshot.state;
        const step = def.steps[claim.step - 1];
        if (!step || step.command === null)
            throw new Error(`engine claimed step ${claim.step}, which has no command`);
        const result = await prepareAndExecute(ctx, state, step, def);
        await ctx.hooks?.afterStep?.(state, step, result);
        current = await applyEvent(ctx, state.run_id, {
            type: 'step_finished',
            step: step.number,
            at: ctx.now().toISOString(),
            exit_code: result.exit_code,
            timed_out: result.timed_out,
            output: result.output,
            outputs: result.outputs,
            duration_ms: result.duration_ms,
            ...(result.error ? { error: result.error } : {}),
        }, def, current.snapshot);
        transitions.push(current);
    }
}
/**
 * Run the claimed step. If preparing it fails (e.g. the pinned commit cannot be checked out),
 * the step fails with that reason instead of leaving a claimed step that never finishes.
 */
async function prepareAndExecute(ctx, state, step, def) {
    const started = ctx.now();
    try {
        await ctx.hooks?.beforeStep?.(state, step, def);
    }
    catch (error) {
        return {
            exit_code: null,
            signal: null,
            timed_out: false,
            output: '',
            outputs: {},
            started_at: started.toISOString(),
            duration_ms: ctx.now().getTime() - started.getTime(),
            error: `could not prepare step ${step.number}: ${(0,errors/* errorMessage */.g)(error)}`,
        };
    }
    if (step.command === null)
        throw new Error(`step ${step.number} has no command`);
    return ctx.execute({
        runId: state.run_id,
        sopName: state.sop_name,
        step: step.number,
        stepTitle: step.title,
        code: step.command,
        payload: state.payload,
        outputs: state.outputs,
        cwd: ctx.cwd,
        baseEnv: ctx.env,
        timeoutMs: step.timeout_ms,
        onOutput: ctx.hooks?.onOutput ? (chunk) => ctx.hooks?.onOutput?.(chunk, step) : undefined,
    });
}
function outcome(transitions) {
    const last = transitions[transitions.length - 1];
    if (!last)
        throw new Error('no transition');
    const first = transitions[0];
    const refusedEffect = first?.decided.effects.find((e) => e.type === 'refused');
    return {
        state: last.snapshot.state,
        def: last.def,
        transitions,
        ...(refusedEffect && refusedEffect.type === 'refused'
            ? { refused: { rule: String(refusedEffect.rule), reason: refusedEffect.reason } }
            : {}),
        ...(first?.decided.duplicate ? { duplicate: true } : {}),
    };
}
/** Start a run and execute it up to its first wait or its end. */
async function startRun(ctx, req) {
    const runId = req.runId ?? (0,run_id/* makeRunId */.f)(ctx.now(), ctx.random);
    const first = await applyEvent(ctx, runId, {
        type: 'start',
        run_id: runId,
        sop: req.def,
        sop_source: req.source,
        payload: req.payload,
        started_by: req.startedBy,
        trigger: req.trigger,
        at: ctx.now().toISOString(),
        commit: req.commit,
    });
    const transitions = [first];
    await drive(ctx, first, transitions);
    return outcome(transitions);
}
/** Apply a person's approve/reject/done, then run what it unblocked. */
async function runCommand(ctx, runId, event) {
    const first = await applyEvent(ctx, runId, event);
    const transitions = [first];
    await drive(ctx, first, transitions);
    return outcome(transitions);
}
/** End every gate past its approval.timeout as timed_out, and every claimed step whose runner was lost. Returns the runs that changed. */
async function sweepRuns(ctx) {
    const ended = [];
    for (const state of await ctx.store.listRuns()) {
        if (state.status !== 'pending_approval' && state.status !== 'running')
            continue;
        const t = await applyEvent(ctx, state.run_id, { type: 'sweep', at: ctx.now().toISOString() });
        if (t.decided.audit.length > 0)
            ended.push(t.snapshot.state);
    }
    return ended;
}
/** Read a run or fail with a message that says how to find run ids. */
async function requireRun(store, runId) {
    const snap = await store.get(runId);
    if (!snap)
        throw new errors/* UserError */.y(`unknown run ${runId} in ${store.description}; list runs with \`sop runs\``);
    return snap;
}

// EXTERNAL MODULE: ./src/sop/load.ts + 2 modules
var load = __webpack_require__(134);
// EXTERNAL MODULE: ./src/action/report.ts + 1 modules
var report = __webpack_require__(4760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/action/workspace.ts
// The job's checkout: HEAD, and moving it to the commit a run is pinned to before a resumed step.



const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
async function workspace_git(cwd, args) {
    const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 << 20 });
    return stdout.trim();
}
async function workspaceHead(cwd) {
    try {
        return await workspace_git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    }
    catch {
        return null;
    }
}
async function hasCommit(cwd, sha) {
    try {
        await workspace_git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Check the workspace out at `sha` (fetching it first from a shallow clone) so a resumed step
 * runs exactly the code that was approved. Returns a line for the log, or null if HEAD already is it.
 */
async function checkoutPinned(cwd, sha) {
    const head = await workspaceHead(cwd);
    if (head === sha)
        return null;
    if (!(await hasCommit(cwd, sha))) {
        try {
            await workspace_git(cwd, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
        }
        catch (error) {
            throw new errors/* UserError */.y(`cannot fetch commit ${sha} that this run is pinned to: ${error.message.split('\n')[0]}; the approval covers that exact commit, so the step will not run on another one`);
        }
    }
    try {
        await workspace_git(cwd, ['checkout', '--quiet', '--detach', sha]);
    }
    catch (error) {
        throw new errors/* UserError */.y(`cannot check out the pinned commit ${sha}: ${error.message.split('\n').slice(0, 3).join(' ')}`);
    }
    return `Checked out ${sha.slice(0, 12)}, the commit this run was started from and approved at (the workflow ran on ${head ? head.slice(0, 12) : 'no commit'}).`;
}

;// CONCATENATED MODULE: ./src/action/handle.ts
// What the Action does for each kind of request: start runs, apply comment commands, report status.












function needGitHub(deps) {
    if (!deps.gh)
        throw new errors/* UserError */.y('this command needs the GitHub API: set the github-token input (default: ${{ github.token }})');
    return deps.gh;
}
async function sync(deps) {
    await deps.store.sync?.();
}
async function handle(deps, req) {
    if ((0,report/* isReport */.P)(req))
        return (0,report/* report */.z)(deps.catalog, req);
    switch (req.kind) {
        case 'execute':
            return handle_execute(deps, req);
        case 'sweep': {
            await sync(deps);
            return { runs: await sweep(deps) };
        }
        case 'status':
            return handle_status(deps, req);
        case 'command':
            return command(deps, req);
    }
}
async function handle_execute(deps, req) {
    await sync(deps);
    const runs = [];
    let failure;
    const head = (await workspaceHead(deps.env.workspace)) ?? deps.env.sha;
    for (const name of req.sops) {
        const found = (0,load/* findSop */._K)(deps.catalog, name);
        if (!found.ok)
            throw new errors/* UserError */.y(found.error);
        const def = found.sop;
        const source = await (0,promises_.readFile)((0,external_node_path_.join)(deps.env.workspace, def.path), 'utf8');
        const outcome = await startRun(deps.runner, {
            def,
            source,
            payload: req.payload,
            startedBy: req.startedBy,
            trigger: req.trigger,
            commit: head,
        });
        workflow_commands/* info */.pq(`Run ${outcome.state.run_id} of ${def.name}: ${outcome.state.status}`);
        runs.push({ state: outcome.state, def });
        if (outcome.state.status === 'failed' || outcome.state.status === 'timed_out') {
            failure = `run ${outcome.state.run_id} ${outcome.state.status}: ${outcome.state.reason ?? ''}`;
        }
    }
    if (req.sweepAfter)
        runs.push(...(await sweep(deps)));
    return failure ? { runs, failure } : { runs };
}
async function sweep(deps) {
    const ended = await sweepRuns(deps.runner);
    for (const s of ended)
        workflow_commands/* info */.pq(`Run ${s.run_id} timed out: ${s.reason ?? ''}`);
    return ended.map((state) => ({ state, def: deps.catalog.sops.find((d) => d.name === state.sop_name) }));
}
async function handle_status(deps, req) {
    await sync(deps);
    const snap = await requireRun(deps.store, req.runId);
    const def = pinnedDefinition(snap);
    const text = (0,render/* renderStatus */.LG)(def, snap.state, {
        serverUrl: deps.env.serverUrl,
        repo: deps.env.repository,
        stateBranch: deps.inputs.stateBranch,
    });
    if (req.issueNumber !== null && !(0,github_eligibility/* isBot */.w2)(req.actor.login, req.actor.type)) {
        await commentOnIssue(needGitHub(deps), deps.env.repo, req.issueNumber, text);
    }
    else
        workflow_commands/* info */.pq(text);
    return { runs: [{ state: snap.state, def }] };
}
/**
 * A reaction only tells the commenter we saw (👀) or counted (👍) their command; it is not state.
 * When GitHub refuses it, the decision still stands (or, with the API down, the permission check
 * that follows fails closed with the message that matters), so a warning is enough.
 */
async function acknowledge(gh, repo, commentId, content) {
    try {
        await react(gh, repo, commentId, content);
    }
    catch (error) {
        workflow_commands/* warning */.$e(`sop-engine: could not add the ${content} reaction to comment ${commentId}: ${(0,errors/* errorMessage */.g)(error)}`);
    }
}
/**
 * 👍 as soon as the decision is committed, before the steps it unblocked run (they may take
 * minutes): the commenter learns their command counted without waiting for the run to stop.
 */
function acknowledgeOnAccept(runner, gh, repo, commentId) {
    if (commentId === null)
        return runner;
    let done = false;
    const hooks = runner.hooks ?? {};
    return {
        ...runner,
        hooks: {
            ...hooks,
            async afterTransition(decided, snapshot, def) {
                if (!done && decided.effects.some((e) => e.type === 'accepted')) {
                    done = true;
                    await acknowledge(gh, repo, commentId, '+1');
                }
                await hooks.afterTransition?.(decided, snapshot, def);
            },
        },
    };
}
async function command(deps, req) {
    const gh = needGitHub(deps);
    const { repo } = deps.env;
    const viaComment = req.commentId !== null;
    // Bots are ignored silently (rule 1): no reaction, no reply, no audit event, so no loops.
    if ((0,github_eligibility/* isBot */.w2)(req.actor.login, req.actor.type)) {
        workflow_commands/* notice */.lm(`sop-engine: ignored a command from bot ${req.actor.login}`);
        return { runs: [] };
    }
    if (req.commentId !== null)
        await acknowledge(gh, repo, req.commentId, 'eyes');
    await sync(deps);
    const snap = await deps.store.get(req.runId);
    if (!snap) {
        const reason = `run ${req.runId} is not on the ${deps.inputs.stateBranch} branch; nothing to ${req.command}`;
        if (req.issueNumber !== null)
            await commentOnIssue(gh, repo, req.issueNumber, (0,render/* renderRefusal */.$W)('state', reason));
        return { runs: [], failure: viaComment ? undefined : reason };
    }
    const def = pinnedDefinition(snap);
    const eligibility = await (0,github_eligibility/* checkEligibility */.wT)(gh, repo, {
        login: req.actor.login,
        userType: req.actor.type,
        approverPermission: deps.inputs.approverPermission,
        approvers: def.approval.approvers,
    });
    if (!eligibility.ok && eligibility.silent)
        return { runs: [] };
    const channelIssue = snap.state.channel?.issue_number ?? null;
    const wrongIssue = req.issueNumber !== null && channelIssue !== null && req.issueNumber !== channelIssue
        ? { rule: 5, reason: `#${req.issueNumber} is not the issue of run ${req.runId} (that is #${channelIssue})` }
        : undefined;
    const event = {
        type: 'command',
        command: req.command,
        by: req.actor.login,
        at: deps.runner.now().toISOString(),
        via: req.via,
        ref: req.ref,
        ...(req.comment !== undefined ? { comment: req.comment } : {}),
        ...(req.reason !== undefined ? { reason: req.reason } : {}),
        ...(req.runIdGiven !== undefined ? { run_id_given: req.runIdGiven } : {}),
        ...(eligibility.ok ? { teams: eligibility.teams } : { precheck: { rule: eligibility.rule, reason: eligibility.reason } }),
        ...(eligibility.ok && wrongIssue ? { precheck: wrongIssue } : {}),
    };
    const outcome = await runCommand(acknowledgeOnAccept(deps.runner, gh, repo, req.commentId), req.runId, event);
    const touched = [{ state: outcome.state, def: outcome.def }];
    if (outcome.duplicate) {
        workflow_commands/* notice */.lm(`sop-engine: ${req.ref} was already processed; nothing changed`);
        return { runs: touched };
    }
    if (outcome.refused) {
        const text = (0,render/* renderRefusal */.$W)(outcome.refused.rule === 'state' ? 'state' : Number(outcome.refused.rule), outcome.refused.reason);
        if (req.issueNumber !== null) {
            await commentOnIssue(gh, repo, req.issueNumber, `@${req.actor.login} ${text}`);
            if (req.via === 'issues' && outcome.state.status === 'pending_approval') {
                // The close did not count: reopen, so the run's issue stays where people answer it.
                await gh.rest.issues.update({ ...repo, issue_number: req.issueNumber, state: 'open' });
            }
        }
        workflow_commands/* warning */.$e(`sop-engine: ${req.command} by ${req.actor.login} refused: ${outcome.refused.reason}`);
        return { runs: touched, ...(viaComment || req.via === 'issues' ? {} : { failure: `refused: ${outcome.refused.reason}` }) };
    }
    const ended = outcome.state.status;
    const failure = ended === 'failed' ? `run ${outcome.state.run_id} failed: ${outcome.state.reason ?? ''}` : undefined;
    return failure ? { runs: touched, failure } : { runs: touched };
}

;// CONCATENATED MODULE: ./src/action/run-session.ts
// The Action's requests that move runs (execute, sweep, status, commands): the state store, runner, executor and issue channel.
// main.ts loads this module with import() only for those requests, so list, validate and ignored events never evaluate it.










async function openRunSession({ inputs, env, catalog, problems, issues }) {
    // The REST client is its own chunk: a request that moves runs still loads it only with a token.
    const gh = inputs.githubToken
        ? (await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 6702))).createOctokit({ token: inputs.githubToken, baseUrl: env.apiUrl, log: { warn: (m) => workflow_commands/* warning */.$e(m) }, ...apiTuning(process.env) })
        : null;
    const store = new GitStore({ repoDir: env.workspace, branch: inputs.stateBranch, remote: 'origin' });
    const channel = gh
        ? {
            gh,
            repo: env.repo,
            store,
            render: {
                serverUrl: env.serverUrl,
                repo: env.repository,
                stateBranch: inputs.stateBranch,
                approverPermission: inputs.approverPermission,
            },
            now: () => new Date(),
            defaultChannel: inputs.approvalChannel,
            knownLabels: knownLabelsOf(env.payload),
        }
        : null;
    const runner = {
        store,
        execute: runStep,
        cwd: env.workspace,
        env: process.env,
        now: () => new Date(),
        random: Math.random,
        hooks: actionHooks(env, channel, problems, issues),
    };
    return {
        handle: (request) => handle({ inputs, env, catalog, store, runner, gh }, request),
        apiCalls: () => (gh ? `GitHub API: ${gh.counts.calls} call(s), ${gh.counts.http} HTTP request(s)` : null),
        close: () => store.close(),
    };
}
/** Step output, log groups and pinned checkout for the runner; the issue kept current for the channel. */
function actionHooks(env, channel, problems, issues) {
    let lastIssueWrite = Date.now();
    const warned = new Set();
    return {
        async beforeStep(state, step, def) {
            if (state.sop.commit) {
                const moved = await checkoutPinned(env.workspace, state.sop.commit);
                if (moved)
                    workflow_commands/* info */.pq(moved);
            }
            workflow_commands/* startGroup */.Oh(`Step ${step.number}/${def.steps.length}: ${step.title}`);
        },
        onOutput(chunk) {
            process.stdout.write(chunk);
        },
        afterStep(_state, step, result) {
            if (!result.output.endsWith('\n') && result.output !== '')
                process.stdout.write('\n');
            workflow_commands/* endGroup */.N4();
            const ok = result.exit_code === 0 && !result.timed_out && !result.error;
            const verdict = ok
                ? 'completed'
                : `failed (${result.error ?? (result.timed_out ? 'timed out' : `exit code ${result.exit_code}`)})`;
            workflow_commands/* info */.pq(`Step ${step.number} ${verdict} in ${(result.duration_ms / 1000).toFixed(1)}s`);
        },
        async afterTransition(decided, snapshot, def) {
            if (!channel)
                return;
            const effects = decided.effects;
            const what = issueUpdateFor(effects, Date.now() - lastIssueWrite);
            const gateOpened = effects.some((e) => e.type === 'gate_opened');
            const issue = snapshot.state.channel?.issue_number;
            const wanted = def.approval.channel ?? channel.defaultChannel;
            if (gateOpened && wanted === 'pull-request' && !warned.has(def.name)) {
                warned.add(def.name);
                workflow_commands/* warning */.$e(`${def.name}: the pull-request approval channel is not available yet; this run's gates use an issue instead`);
            }
            try {
                if (what === 'sync') {
                    const number = await syncIssue(channel, snapshot, def, {
                        gateOpened,
                        ended: effects.some((e) => e.type === 'run_ended'),
                    });
                    if (number !== null)
                        issues.set(snapshot.state.run_id, number);
                    lastIssueWrite = Date.now();
                }
                else if (what === 'body' && issue) {
                    await updateIssueBody(channel.gh, channel.repo, issue, (0,render/* renderIssueBody */.Yx)(def, snapshot.state, channel.render));
                    lastIssueWrite = Date.now();
                }
            }
            catch (error) {
                problems.push(`could not update the issue of run ${snapshot.state.run_id}: ${(0,errors/* errorMessage */.g)(error)}`);
            }
        },
    };
}
/** Labels of the event's issue, so a label change needs no extra GET. */
function knownLabelsOf(payload) {
    const map = new Map();
    if (typeof payload !== 'object' || payload === null || !('issue' in payload))
        return map;
    const issue = payload.issue;
    if (typeof issue !== 'object' || issue === null)
        return map;
    const { number, labels } = issue;
    if (typeof number !== 'number' || !Array.isArray(labels))
        return map;
    const names = labels
        .map((l) => (typeof l === 'object' && l !== null && 'name' in l ? String(l.name) : null))
        .filter((n) => n !== null);
    map.set(number, names);
    return map;
}


/***/ }),

/***/ 921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readMarkdown: () => (/* binding */ readMarkdown)
/* harmony export */ });
/* harmony import */ var remark_parse__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1242);
/* harmony import */ var unified__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9337);


/** Built once: creating a unified processor per file was a measurable part of parsing a folder. */
const processor = (0,unified__WEBPACK_IMPORTED_MODULE_0__/* .unified */ .l)().use(remark_parse__WEBPACK_IMPORTED_MODULE_1__/* ["default"] */ .A).freeze();
function readMarkdown(text) {
    return processor.parse(text);
}


/***/ })

};
