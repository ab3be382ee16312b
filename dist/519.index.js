export const id = 519;
export const ids = [519,766];
export const modules = {

/***/ 2519:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openRunSession: () => (/* binding */ openRunSession)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(5289);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
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
 * Variables a step never inherits (SPEC 5.6): the Action's inputs (INPUT_GITHUB-TOKEN among them),
 * the runner's own credentials, and GITHUB_TOKEN, which a step gets only when its SOP asks for it.
 */
function isWithheld(name) {
    return (name.startsWith('INPUT_') ||
        name.startsWith('ACTIONS_ID_TOKEN_REQUEST_') ||
        name === 'ACTIONS_RUNTIME_TOKEN' ||
        name === 'ACTIONS_CACHE_URL' ||
        name === 'ACTIONS_RESULTS_URL' ||
        name === 'GITHUB_TOKEN');
}
/**
 * The step's environment. Inherited SOP_* variables are dropped first, so a stale
 * SOP_OUT_X exported in the caller's shell can never pose as an earlier step's output,
 * and so are the credentials isWithheld names.
 * The fixed names are written last; no derived name can collide with them anyway
 * (SOP_PAYLOAD_… and SOP_OUT_… always carry the extra `_`).
 */
function buildStepEnv(req, outputFile) {
    const env = {};
    for (const [name, value] of Object.entries(req.baseEnv)) {
        if (value === undefined || name.startsWith('SOP_') || isWithheld(name))
            continue;
        env[name] = value;
    }
    if (req.githubToken !== undefined && req.githubToken !== '')
        env.GITHUB_TOKEN = req.githubToken;
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

// EXTERNAL MODULE: ./src/text/well-formed.ts
var well_formed = __webpack_require__(3307);
;// CONCATENATED MODULE: ./src/executor/output-file.ts
// Parses what a step wrote to $SOP_OUTPUT, in the $GITHUB_OUTPUT syntax: `key=value` lines and `key<<DELIM` blocks.
// Its errors name the line and what is wrong, never what the line holds: the error reaches the run's public issue,
// and a malformed line may well be a secret the step printed to the wrong place.

const HOW_TO = 'write `key=value` lines, or `key<<EOF`, the value\'s lines, then `EOF` alone on a line';
const NUL = 'contains a NUL byte, which cannot be passed on to later steps in an environment variable; remove it';
function malformed(lineNo, why) {
    return { ok: false, error: `line ${lineNo} ${why} (the line itself is not shown: it may hold a secret)` };
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
        if (line.includes('\0'))
            return malformed(lineNo, NUL);
        const eq = line.indexOf('=');
        const heredoc = line.indexOf('<<');
        // As in the Actions runner: `<<` before any `=` starts a block, so `k<<EOF` works and `k=a<<b` is a plain value.
        if (heredoc >= 0 && (eq < 0 || heredoc < eq)) {
            const key = line.slice(0, heredoc);
            const delimiter = line.slice(heredoc + 2);
            if (key === '')
                return malformed(lineNo, `has no key before \`<<\`; ${HOW_TO}`);
            if (delimiter === '')
                return malformed(lineNo, `has no delimiter after \`<<\`; ${HOW_TO}`);
            const body = [];
            let closed = false;
            while (i < lines.length) {
                const next = lines[i] ?? '';
                i += 1;
                if (next === delimiter) {
                    closed = true;
                    break;
                }
                if (next.includes('\0'))
                    return malformed(i, `(in the block that starts on line ${lineNo}) ${NUL}`);
                body.push(next);
            }
            if (!closed) {
                return malformed(lineNo, 'starts a `key<<DELIMITER` block that is never closed; end the value with a line that is exactly the delimiter');
            }
            outputs.set((0,well_formed/* toWellFormed */.l)(key), (0,well_formed/* toWellFormed */.l)(body.join('\n')));
            continue;
        }
        if (eq < 0)
            return malformed(lineNo, `is neither \`key=value\` nor \`key<<DELIM\`; ${HOW_TO}`);
        const key = line.slice(0, eq);
        if (key === '')
            return malformed(lineNo, `has no key before \`=\`; ${HOW_TO}`);
        outputs.set((0,well_formed/* toWellFormed */.l)(key), (0,well_formed/* toWellFormed */.l)(line.slice(eq + 1)));
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

// EXTERNAL MODULE: ./src/github/render.ts + 2 modules
var render = __webpack_require__(1560);
;// CONCATENATED MODULE: ./src/engine/transition.ts
function beginTransition(previous, at, runner) {
    const state = {
        ...previous,
        updated_at: at,
        outputs: { ...previous.outputs },
        approvals: [...previous.approvals],
        history: [...previous.history],
    };
    if (previous.refused_refs !== undefined)
        state.refused_refs = [...previous.refused_refs];
    if (previous.refused_in_wait !== undefined)
        state.refused_in_wait = [...previous.refused_in_wait];
    return { state, at, audit: [], effects: [], summary: [], ...(runner ? { runner } : {}) };
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
    s.wait = null;
    s.finished_at = tx.at;
    if (end.reason !== undefined)
        s.reason = end.reason;
    record(tx, end.auditType, end.actor, s.current_step, {
        ...(end.reason !== undefined ? { reason: end.reason } : {}),
        ...end.details,
    });
    tx.effects.push({ type: 'run_ended', status: end.status, ...(end.reason !== undefined ? { reason: end.reason } : {}) });
}

;// CONCATENATED MODULE: ./src/engine/channel.ts
// The `channel_opened` event: the GitHub edge opened an issue or approval PR for the run; the run records it (one writer).

function decideChannel(state, event) {
    const before = state.channel;
    let channel;
    if (event.channel === 'issue') {
        if (before?.issue_number === event.number)
            return unchanged(state, `issue #${event.number} already recorded`);
        channel = { ...before, type: before?.type ?? 'issue', issue_number: event.number };
    }
    else {
        if (event.step === undefined || event.branch === undefined || event.head_sha === undefined || event.base === undefined) {
            return { ok: false, error: 'a pull-request channel needs the step it asks about, its branch, head commit and base' };
        }
        const key = String(event.step);
        const known = before?.pulls?.[key];
        if (known?.open && known.number === event.number && known.branch === event.branch)
            return unchanged(state, `pull request #${event.number} already recorded`);
        const pull = { number: event.number, branch: event.branch, head_sha: event.head_sha, base: event.base, open: true };
        channel = { ...before, type: 'pull-request', pulls: { ...before?.pulls, [key]: pull } };
    }
    const tx = beginTransition(state, event.at);
    tx.state.channel = channel;
    const what = event.channel === 'issue' ? `issue #${event.number}` : `pull request #${event.number}`;
    record(tx, 'channel_opened', 'system', event.step ?? state.current_step, {
        channel: event.channel,
        ...(event.channel === 'issue'
            ? { issue_number: event.number }
            : { pull_number: event.number, branch: event.branch, head_sha: event.head_sha, base: event.base }),
    });
    tx.summary.push(`${what} opened for approvals`);
    return finish(tx);
}
/** A decided wait's approval PR was closed: it stops being a channel (its events are refused from now on). */
function decideChannelClosed(state, event) {
    const key = String(event.step);
    const known = state.channel?.pulls?.[key];
    if (!known || known.number !== event.number || !known.open)
        return unchanged(state, `pull request #${event.number} already closed`);
    const tx = beginTransition(state, event.at);
    tx.state.channel = { ...state.channel, type: state.channel?.type ?? 'pull-request', pulls: { ...state.channel?.pulls, [key]: { ...known, open: false } } };
    record(tx, 'channel_closed', 'system', event.step, { channel: 'pull-request', pull_number: event.number });
    tx.summary.push(`pull request #${event.number} of step ${event.step} closed`);
    return finish(tx);
}

// EXTERNAL MODULE: ./src/engine/gates.ts
var gates = __webpack_require__(3130);
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
    s.wait = null;
    s.history.push({ step, status: 'running', output: '', timestamp: tx.at, ...(tx.runner ? { runner: tx.runner } : {}) });
    record(tx, 'step_started', actor, step, { title: def.steps[step - 1]?.title ?? '', ...(tx.runner ? { runner: tx.runner } : {}) });
    tx.effects.push({ type: 'run_step', step });
    tx.summary.push(`running step ${step}`);
}
function openWait(tx, def, step, waitingFor, actor) {
    const s = tx.state;
    s.status = 'pending_approval';
    s.current_step = step;
    s.waiting_for = waitingFor;
    s.waits += 1;
    s.wait = { seq: s.waits, step, waiting_for: waitingFor, opened_at: tx.at };
    s.history.push({ step, status: 'pending_approval', output: '', timestamp: tx.at, waiting_for: waitingFor });
    const spec = def.steps[step - 1];
    record(tx, 'gate_opened', actor, step, {
        wait: s.waits,
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
    if (state.status !== 'pending_approval' || state.wait === null)
        return null;
    const waited = Date.parse(at) - Date.parse(state.wait.opened_at);
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
/** The runner holding the claim of the running step is gone: the step fails at once with that reason. */
function decideRunnerLost(state, event) {
    if (state.status !== 'running' || state.current_step !== event.step)
        return unchanged(state, 'the claim moved on; nothing was lost');
    const tx = beginTransition(state, event.at);
    const reason = `step ${event.step} failed: runner lost (${event.reason})`;
    tx.state.history.push({ step: event.step, status: 'failed', output: '', timestamp: event.at, exit_code: null });
    endRun(tx, { status: 'failed', reason, auditType: 'run_failed', actor: 'system', details: { lost_step: event.step, runner_lost: event.reason } });
    tx.summary.push(`failed: ${reason}`);
    return finish(tx);
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
/** A refused person is answered and audited once per wait (SPEC 5.5), so nobody can grow a run's audit by repeating a command. */
function refusalKey(state, by) {
    return `${state.wait?.seq ?? state.waits}:${by.toLowerCase()}`;
}
function refuse(state, event, rule, reason) {
    const key = refusalKey(state, event.by);
    if ((state.refused_in_wait ?? []).includes(key)) {
        return { ok: true, state, audit: [], effects: [{ type: 'refused', rule, reason, repeat: true }], summary: `${event.command} by ${event.by} refused again (not recorded)` };
    }
    const tx = beginTransition(state, event.at);
    tx.state.refused_refs = [...(tx.state.refused_refs ?? []), event.ref];
    tx.state.refused_in_wait = [...(tx.state.refused_in_wait ?? []), key];
    record(tx, 'command_refused', event.by, state.current_step, {
        rule,
        reason,
        command: event.command,
        ref: event.ref,
        issued_at: event.issued_at,
        ...(state.wait ? { wait: state.wait.seq } : {}),
    });
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
/**
 * Why a decision does not belong to the open wait (SPEC 3.1), or null when it does: issued before the wait
 * opened (a queued, late or re-run event), naming another step, or read from an earlier wait (the CLI).
 */
function staleness(state, wait, event) {
    const now = `step ${wait.step} waits for ${wait.waiting_for} now (wait ${wait.seq}, opened ${wait.opened_at})`;
    const again = `to ${event.command} step ${wait.step}, ${spelled(event.via, event.command)} again`;
    if (event.step !== undefined && event.step !== wait.step) {
        return `this ${event.command} names step ${event.step}, but ${now}; ${again}`;
    }
    if (event.wait_seq !== undefined && event.wait_seq !== wait.seq) {
        return `this ${event.command} was given for an earlier wait (wait ${event.wait_seq}); ${now}; ${again}`;
    }
    const issued = Date.parse(event.issued_at);
    if (!Number.isFinite(issued) || issued < Date.parse(wait.opened_at)) {
        return `this ${event.command} was issued at ${event.issued_at}, before the current wait opened, so it was given for an earlier wait; ${now}; ${again}`;
    }
    return null;
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
    // Teams and `codeowners` are resolved by the edge (through GitHub); it reports which ones let the author through.
    return approvers.some((entry) => entry.startsWith('@') || entry === 'codeowners' ? teams.some((team) => sameLogin(team, entry)) : sameLogin(entry, event.by));
}
/** Distinct people (first spelling seen) who approved or confirmed wait `seq`. */
function passersOf(state, seq) {
    const people = [];
    for (const a of state.approvals) {
        if (a.wait !== seq || a.decision === 'reject')
            continue;
        if (!people.some((p) => sameLogin(p, a.by)))
            people.push(a.by);
    }
    return people;
}
function reject(state, wait, event, reason) {
    const step = wait.step;
    const tx = beginTransition(state, event.at);
    const s = tx.state;
    s.approvals.push({ step, wait: wait.seq, by: event.by, decision: 'reject', at: event.issued_at, via: event.via, ref: event.ref, comment: reason });
    s.history.push({ step, status: 'rejected', output: '', timestamp: event.at, by: [event.by] });
    record(tx, 'rejected', event.by, step, { reason, via: event.via, ref: event.ref, wait: wait.seq, issued_at: event.issued_at });
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
    if (event.command === 'status')
        return unchanged(state, `status asked by ${event.by}`);
    if (event.command === 'cancel') {
        // Rules 1-3 (the edge's precheck, and the approvers list here); the starter may always cancel.
        if (!eligible(def, event) && !sameLogin(event.by, state.started_by)) {
            return refuse(state, event, 3, `${event.by} is not listed in approval.approvers (${def.approval.approvers.join(', ')}) and did not start this run; ask one of them to cancel`);
        }
        if (isTerminal(state.status))
            return refuse(state, event, 'state', `${state.run_id} already ${state.status.replace('_', ' ')}; there is nothing to cancel`);
        const reason = event.reason?.trim() || `cancelled by ${event.by}`;
        return decideCancel(state, { type: 'cancel', by: event.by, at: event.at, reason });
    }
    // d. The run must be waiting for a decision.
    const idle = notWaiting(state);
    if (idle !== null || state.wait === null)
        return refuse(state, event, 'state', idle ?? `${state.run_id} is not waiting for a decision`);
    const wait = state.wait;
    // e. Rule 5 / SPEC 3.1: a decision counts only for the wait that was open when it was issued.
    const stale = staleness(state, wait, event);
    if (stale !== null)
        return refuse(state, event, 5, stale);
    // f. Rule 3.
    if (!eligible(def, event)) {
        const who = def.approval.approvers.join(', ');
        return refuse(state, event, 3, `${event.by} is not listed in approval.approvers (${who}); ask one of them to ${event.command}`);
    }
    const step = wait.step;
    if (event.command === 'reject') {
        const reason = event.reason?.trim() ?? '';
        if (reason === '') {
            return refuse(state, event, 'state', `a rejection needs a reason: ${spelled(event.via, 'reject')} ${event.via === 'cli' ? `${state.run_id} --reason TEXT` : '<reason>'}`);
        }
        return reject(state, wait, event, reason);
    }
    // g. The command against the kind of wait: /done confirms manual steps only, /approve passes gates only.
    const manual = def.steps[step - 1]?.command === null;
    const waitingFor = wait.waiting_for;
    if (waitingFor === 'approval' && event.command === 'done' && !manual) {
        return refuse(state, event, 'state', `${spelled(event.via, 'done')} confirms a manual step; step ${step} waits for approval: use ${spelled(event.via, 'approve')}`);
    }
    if (waitingFor === 'confirmation' && event.command === 'approve') {
        return refuse(state, event, 'state', `step ${step} is a manual step with no approval gate: once it is done, confirm it with ${spelled(event.via, 'done')}; ${spelled(event.via, 'approve')} does not confirm it`);
    }
    const isApproval = waitingFor === 'approval';
    const needed = neededFor(def, waitingFor);
    // h. Rule 4 guards approvals only: the starter may still confirm a manual step, and may reject.
    if (isApproval && !def.approval.allow_self_approval && sameLogin(event.by, state.started_by)) {
        return refuse(state, event, 4, `${state.started_by} started this run; approval.allow_self_approval is false, so another person must approve`);
    }
    // i. Each person counts once per wait.
    const before = passersOf(state, wait.seq);
    if (before.some((p) => sameLogin(p, event.by))) {
        return refuse(state, event, 'state', `${event.by} already approved step ${step}; it needs ${plural(needed, 'distinct approver')}`);
    }
    const tx = beginTransition(state, event.at, event.runner);
    const s = tx.state;
    s.approvals.push({
        step,
        wait: wait.seq,
        by: event.by,
        decision: event.command,
        at: event.issued_at,
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
        wait: wait.seq,
        issued_at: event.issued_at,
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

// EXTERNAL MODULE: ./src/sop/types.ts
var types = __webpack_require__(1423);
;// CONCATENATED MODULE: ./src/engine/payload.ts
// Checks a run's payload against the SOP's `inputs` contract and fills in defaults.


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
    // A secret is never quoted back: the message may reach the job log, an issue or the state branch.
    const is = spec.secret === true ? 'is secret and' : `is ${shown(text)}, which`;
    return `payload: "${name}"${about} ${is} does not match pattern ${spec.pattern}`;
}
function validatePayload(def, raw) {
    if (!isPlainObject(raw)) {
        return { ok: false, errors: [`payload must be a JSON object such as {"key": "value"}, got ${describe(raw)}`] };
    }
    // JSON can carry lone surrogates ("\ud800"); none may reach the state or the audit's hash.
    const payload = (0,well_formed/* wellFormedDeep */.Q)(raw);
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
/** The payload as the state and audit keep it: each secret input's value as `***` (SPEC 5.6). */
function maskSecretInputs(def, payload) {
    const masked = { ...payload };
    for (const [name, spec] of Object.entries(def.inputs)) {
        if (spec.secret === true && Object.hasOwn(masked, name) && masked[name] !== undefined && masked[name] !== null)
            masked[name] = types/* SECRET_MASK */.Q6;
    }
    return masked;
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
    // Secret inputs are checked above on their real values, and kept as `***` from here on.
    const payload = maskSecretInputs(def, checked.payload);
    const state = {
        run_id: event.run_id,
        sop_name: def.name,
        status: 'running',
        current_step: 0,
        started_at: event.at,
        updated_at: event.at,
        payload,
        mode: def.execution_mode,
        effective_mode: mode,
        waiting_for: null,
        wait: null,
        waits: 0,
        sop,
        started_by: event.started_by,
        trigger: event.trigger,
        ...(event.workflow_run_id !== undefined ? { workflow_run_id: event.workflow_run_id } : {}),
        outputs: {},
        approvals: [],
        history: [],
    };
    const tx = { state, at: event.at, audit: [], effects: [], summary: [`started (${mode})`], ...(event.runner ? { runner: event.runner } : {}) };
    record(tx, 'run_started', event.started_by, null, {
        sop,
        payload,
        trigger: event.trigger,
        ...(event.workflow_run_id !== undefined ? { workflow_run_id: event.workflow_run_id } : {}),
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
    // The run was cancelled (or ended otherwise) while this step ran: keep its result on record, change nothing else.
    const claimed = state.history.filter((h) => h.status === 'running').at(-1);
    if (isTerminal(state.status) && state.current_step === event.step && claimed?.step === event.step) {
        const tx = beginTransition(state, event.at);
        record(tx, 'step_result_after_end', 'system', event.step, {
            exit_code: event.exit_code,
            timed_out: event.timed_out,
            duration_ms: event.duration_ms,
            run_status: state.status,
        });
        tx.summary.push(`step ${event.step} ended after the run was ${state.status.replace('_', ' ')}`);
        return finish(tx);
    }
    if (state.status !== 'running' || state.current_step !== event.step) {
        const now = state.status === 'running' ? `running step ${state.current_step}` : state.status;
        return {
            ok: false,
            error: `${state.run_id} is ${now}; a result for step ${event.step} does not belong to it (was the step already recorded?)`,
        };
    }
    const success = event.exit_code === 0 && !event.timed_out && event.error === undefined;
    const tx = beginTransition(state, event.at, event.runner);
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
        case 'channel_opened':
            return decideChannel(state, event);
        case 'runner_lost':
            return decideRunnerLost(state, event);
        case 'channel_closed':
            return decideChannelClosed(state, event);
    }
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
/**
 * A new audit file with `inputs` chained after the events of `file` (which is not modified). With
 * `stateSha256`, the last new event carries it as `state_sha256` (hashed with the event).
 */
function appendEvents(file, runId, inputs, stateSha256) {
    if (file !== null && file.run_id !== runId) {
        throw new Error(`audit file belongs to run ${file.run_id}, not ${runId}; events of one run cannot be appended to another`);
    }
    const events = file === null ? [] : [...file.events];
    let last = events[events.length - 1];
    for (const [i, input] of inputs.entries()) {
        const unhashed = {
            seq: last === undefined ? 1 : last.seq + 1,
            ts: input.ts,
            type: input.type,
            actor: input.actor,
            step: input.step,
            details: input.details,
            prev: last === undefined ? GENESIS_HASH : last.hash,
            ...(stateSha256 !== undefined && i === inputs.length - 1 ? { state_sha256: stateSha256 } : {}),
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

;// CONCATENATED MODULE: ./src/audit/state-hash.ts
// `state_sha256`: the hash that ties a stored state.json to the audit event of the commit that wrote it (SPEC 4).



/** sha256 (lowercase hex) of the canonical JSON of a run state. */
function stateSha256(state) {
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(state), 'utf8').digest('hex');
}
/**
 * Why the state does not match the audit record's last event, or null when it does: the last
 * event must carry `state_sha256` equal to the state's hash. `hash` saves re-hashing a state
 * the caller has hashed already.
 */
function stateMismatch(audit, state, hash = stateSha256(state)) {
    const last = audit.events[audit.events.length - 1];
    if (last === undefined)
        return 'the audit record has no events';
    const label = `event ${last.seq} (${last.type})`;
    if (typeof last.state_sha256 !== 'string')
        return `state.json is not covered by the audit record: the last event, ${label}, carries no state_sha256`;
    if (last.state_sha256 !== hash)
        return `state.json was changed without an audit event: it does not match state_sha256 of ${label}`;
    return null;
}
/** What is wrong with a stored run (chain first, then the state), or null when it verifies. */
function snapshotProblem(audit, state, runId) {
    const chain = verifyChain(audit, runId);
    if (!chain.ok)
        return chain.problem;
    if (state.run_id !== runId)
        return `state.json says run_id ${JSON.stringify(state.run_id)}`;
    return stateMismatch(audit, state);
}

// EXTERNAL MODULE: ./src/store/run-layout.ts
var run_layout = __webpack_require__(9539);
;// CONCATENATED MODULE: ./src/store/run-files.ts



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
/**
 * The audit record after `write`: its events chained on, the last one carrying `state_sha256` of
 * the state the write stores. Stores and transact both call this, so they agree byte for byte.
 */
function auditAfter(runId, currentAudit, write) {
    (0,run_layout/* assertRunId */.HB)(runId);
    if (write.state.run_id !== runId) {
        throw new Error(`cannot store the state of run ${write.state.run_id} as run ${runId}`);
    }
    if (write.events.length === 0) {
        throw new Error(`a write to run ${runId} must append at least one audit event (every transition is audited)`);
    }
    return appendEvents(currentAudit, runId, write.events, stateSha256(write.state));
}
/** The new contents of the run's files after `write`, given the current audit record and log. */
function applyWrite(runId, currentAudit, currentLog, write) {
    const audit = auditAfter(runId, currentAudit, write);
    const log = write.log === undefined || write.log === '' ? currentLog : (currentLog ?? '') + write.log;
    return { state: toFileJson(write.state), audit: toFileJson(audit), log, auditFile: audit };
}

;// CONCATENATED MODULE: ./src/store/transact.ts
// Read-decide-write against a store: verify what was read, decide, write with compare-and-swap, re-decide on conflict.



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
        // A snapshot this process wrote itself needs no check; one read from the store does.
        const snapshot = known ?? verified(runId, await store.get(runId));
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
                snapshot: { state: write.state, audit: auditAfter(runId, snapshot?.audit ?? null, write), version: put.version },
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
/**
 * Nothing on the state branch is trusted on its own (SPEC 4): a run whose chain is broken or
 * whose state.json is not the one its last audit event hashed was changed outside sop-engine,
 * and no decision is taken on it.
 */
function verified(runId, snapshot) {
    if (snapshot === null)
        return null;
    const problem = snapshotProblem(snapshot.audit, snapshot.state, runId);
    if (problem === null)
        return snapshot;
    throw new errors/* UserError */.y(`run ${runId} fails verification (${problem}): it was changed outside sop-engine; run \`sop verify ${runId}\` for details. Nothing was done.`);
}
/** Read a run for a decision outside transact (e.g. who may approve): verified the same way. */
async function getVerified(store, runId) {
    return verified(runId, await store.get(runId));
}

;// CONCATENATED MODULE: ./src/executor/redact.ts
// Takes secret values out of what a step produced before it leaves the runner (SPEC 5.6): `***` instead. PURE.

/**
 * The pieces of each secret that must never appear: the value, each of its lines (the runner masks
 * a multi-line secret line by line, so a step printing one line must not leak it either), and the
 * JSON-escaped forms (a step that echoes $SOP_PAYLOAD prints `\"` for `"`). Blank pieces are skipped.
 */
function secretPieces(values) {
    const pieces = new Set();
    const add = (piece) => {
        if (piece.trim() === '')
            return;
        pieces.add(piece);
        const escaped = JSON.stringify(piece).slice(1, -1);
        if (escaped !== piece)
            pieces.add(escaped);
    };
    for (const value of values) {
        add(value);
        for (const line of value.split(/\r?\n|\r/))
            add(line.trim());
    }
    // Longest first, so a secret that contains another is masked whole.
    return [...pieces].sort((a, b) => b.length - a.length);
}
function makeRedactor(values) {
    const pieces = secretPieces(values);
    if (pieces.length === 0)
        return { text: (t) => t, holds: () => false, pieces };
    const pattern = new RegExp(pieces.map(escapeRegExp).join('|'), 'g');
    return {
        text: (t) => t.replace(pattern, types/* SECRET_MASK */.Q6),
        holds: (t) => {
            pattern.lastIndex = 0;
            return pattern.test(t);
        },
        pieces,
    };
}
/**
 * A step's result as it may be recorded: output and error with secrets masked, and every output
 * whose value holds a secret stored as `***` whole (a later step gets `***` for it too).
 */
function redactResult(result, redactor) {
    if (redactor.pieces.length === 0)
        return result;
    const outputs = {};
    for (const [key, value] of Object.entries(result.outputs)) {
        // defineProperty: an output called `__proto__` stays a plain key.
        Object.defineProperty(outputs, redactor.text(key), {
            value: redactor.holds(value) ? types/* SECRET_MASK */.Q6 : value,
            enumerable: true,
            writable: true,
            configurable: true,
        });
    }
    return {
        ...result,
        output: redactor.text(result.output),
        outputs,
        ...(result.error !== undefined ? { error: redactor.text(result.error) } : {}),
    };
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// EXTERNAL MODULE: ./src/sop/parse.ts + 4 modules
var parse = __webpack_require__(144);
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
    const parsed = (0,parse/* parseSop */.QI)(state.sop.path, pinnedSource(snapshot));
    if (!parsed.ok) {
        const first = parsed.errors[0];
        throw new errors/* UserError */.y(`${state.run_id}: its pinned SOP no longer parses (${first?.message ?? 'unknown error'})`);
    }
    if (parsed.sop.sha256 !== state.sop.sha256) {
        throw new errors/* UserError */.y(`${state.run_id}: the pinned SOP text does not match sha256 ${state.sop.sha256} recorded at start; run \`sop verify ${state.run_id}\``);
    }
    return parsed.sop;
}

;// CONCATENATED MODULE: ./src/runner/secrets.ts
// A run's secrets (SPEC 5.6): the values to mask, and what a step gets for a secret input the state holds as `***`.


/** A payload value as the step sees it in SOP_PAYLOAD_<KEY> (and so as it could be printed). */
function valueText(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return JSON.stringify(value);
    if (value === null || value === undefined)
        return undefined;
    return JSON.stringify(value);
}
function secretInputs(def) {
    return Object.entries(def.inputs).filter(([, spec]) => spec.secret === true).map(([name]) => name);
}
/**
 * What must never leave the runner for this run: the values of the environment variables the
 * SOP lists in `secrets`, the secret inputs of the payload given to this process (`given`: only
 * the process that started the run has it), and `extra` (the Action's token).
 */
function runRedactor(def, env, given, extra) {
    const values = [];
    for (const name of def.secrets ?? []) {
        const value = env[name];
        if (value !== undefined)
            values.push(value);
    }
    for (const name of secretInputs(def)) {
        const text = given && Object.hasOwn(given, name) ? valueText(given[name]) : undefined;
        if (text !== undefined && text !== types/* SECRET_MASK */.Q6)
            values.push(text);
    }
    for (const value of extra)
        if (value !== undefined)
            values.push(value);
    return makeRedactor(values);
}
/**
 * The payload a step runs with. The state holds `***` for secret inputs; the process that started
 * the run puts the given values back. A later process (a resumed run: another workflow run, another
 * `sop approve`) has only what the SOP file says: the input's default if it has one, else the key
 * is left out, so SOP_PAYLOAD_<KEY> is unset rather than `***`.
 */
function stepPayload(def, statePayload, given) {
    const secrets = secretInputs(def);
    if (secrets.length === 0)
        return statePayload;
    const payload = { ...statePayload };
    for (const name of secrets) {
        const value = given && Object.hasOwn(given, name) && given[name] !== null ? given[name] : def.inputs[name]?.default;
        if (value === undefined)
            delete payload[name];
        else
            payload[name] = value;
    }
    return payload;
}
/**
 * The payload as a run starts with it: a value of a non-secret input that holds a secret (a
 * `secrets` variable's value pasted into it) is replaced by `***`. Secret inputs are left for the
 * engine, which checks them against their pattern and records them as `***`.
 */
function startPayload(def, payload, redactor) {
    if (redactor.pieces.length === 0)
        return payload;
    const secret = new Set(secretInputs(def));
    const out = {};
    for (const [key, value] of Object.entries(payload)) {
        const text = secret.has(key) ? undefined : valueText(value);
        const masked = text !== undefined && redactor.holds(text);
        Object.defineProperty(out, key, { value: masked ? types/* SECRET_MASK */.Q6 : value, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/runner/runner.ts
// Drives runs: turns engine decisions into committed state and executed steps. Shared by CLI and Action.







/** Why the step a run claims has no runner any more, or null (not running, unknown runner, or still alive). */
async function lostRunner(ctx, state) {
    if (state.status !== 'running' || !ctx.runnerGone)
        return null;
    const claim = state.history.filter((h) => h.status === 'running').at(-1);
    if (!claim?.runner || claim.step !== state.current_step)
        return null;
    return ctx.runnerGone(claim.runner);
}
/** Events that first end a step whose runner is gone: everything but the step's own result and a cancel. */
function checksLostRunner(event) {
    if (event.type === 'step_finished' || event.type === 'runner_lost' || event.type === 'start')
        return false;
    return !(event.type === 'command' && event.command === 'cancel');
}
function withRunner(ctx, event) {
    if (!ctx.runner)
        return event;
    if (event.type === 'start' || event.type === 'command' || event.type === 'step_finished')
        return { ...event, runner: ctx.runner };
    return event;
}
/** Apply one event to a run with compare-and-swap; re-decides on conflict. */
async function applyEvent(ctx, runId, event, known, 
/** The run as this runner last committed it: saves a read; the write is still compare-and-swapped. */
last) {
    let def = known;
    const { result, snapshot } = await transact(ctx.store, runId, async (snap) => {
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
        // A step whose runner is gone fails first, in the same commit, so the event meets the run as it really is.
        let lost = null;
        if (snap && checksLostRunner(event)) {
            const reason = await lostRunner(ctx, snap.state);
            if (reason !== null) {
                const d = decide(def, snap.state, { type: 'runner_lost', at: ctx.now().toISOString(), step: snap.state.current_step, reason });
                if (d.ok && d.audit.length > 0)
                    lost = d;
            }
        }
        const next = decide(def, lost?.state ?? snap?.state ?? null, withRunner(ctx, event));
        if (!next.ok)
            throw new errors/* UserError */.y(next.error);
        const decided = lost
            ? { ...next, audit: [...lost.audit, ...next.audit], effects: [...lost.effects, ...next.effects], summary: [lost.summary, next.summary].join(', ') }
            : next;
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
    const latest = result.audit.length > 0 ? ((await ctx.hooks?.afterTransition?.(result, snapshot, def)) ?? snapshot) : snapshot;
    return { decided: result, snapshot: latest, def };
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
/**
 * Execute claimed steps until the run waits, ends, or another runner owns it. `given` is the
 * payload this process started the run with: only it knows the values of secret inputs.
 */
async function drive(ctx, first, transitions, given) {
    let current = first;
    const redactor = runRedactor(first.def, ctx.env, given, [ctx.githubToken]);
    let masked = false;
    for (;;) {
        const claim = current.decided.effects.find((e) => e.type === 'run_step');
        if (!claim)
            return;
        const { def } = current;
        const state = current.snapshot.state;
        const step = def.steps[claim.step - 1];
        if (!step || step.command === null)
            throw new Error(`engine claimed step ${claim.step}, which has no command`);
        if (!masked) {
            masked = true;
            ctx.hooks?.onSecrets?.(redactor.pieces);
        }
        // Secrets are taken out here, before the result reaches the engine: the state, log, audit,
        // issue and summary are all made from what the engine records.
        const result = redactResult(await prepareAndExecute(ctx, state, step, def, stepPayload(def, state.payload, given)), redactor);
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
async function prepareAndExecute(ctx, state, step, def, payload) {
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
        payload,
        outputs: state.outputs,
        cwd: ctx.cwd,
        baseEnv: ctx.env,
        ...(def.github_token === true && ctx.githubToken !== undefined ? { githubToken: ctx.githubToken } : {}),
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
            ? { refused: { rule: String(refusedEffect.rule), reason: refusedEffect.reason, ...(refusedEffect.repeat ? { repeat: true } : {}) } }
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
        payload: startPayload(req.def, req.payload, runRedactor(req.def, ctx.env, req.payload, [ctx.githubToken])),
        started_by: req.startedBy,
        trigger: req.trigger,
        ...(req.workflowRunId !== undefined ? { workflow_run_id: req.workflowRunId } : {}),
        at: ctx.now().toISOString(),
        commit: req.commit,
    });
    const transitions = [first];
    await drive(ctx, first, transitions, req.payload);
    return outcome(transitions);
}
/**
 * Apply a person's approve/reject/done, then run what it unblocked. `known` is the run as the caller
 * just read it (saves a read; the write is still compare-and-swapped against it), and `def` its pinned
 * SOP as the caller already parsed it (saves a parse: a run's pinned text never changes).
 */
async function runCommand(ctx, runId, event, known, def) {
    const first = await applyEvent(ctx, runId, event, def, known);
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
/** Marks the running step of `runId` failed ("runner lost") when its runner is gone; returns the run as it is then. */
async function settleLostRunner(ctx, snapshot) {
    const reason = await lostRunner(ctx, snapshot.state);
    if (reason === null)
        return snapshot;
    const t = await applyEvent(ctx, snapshot.state.run_id, { type: 'runner_lost', at: ctx.now().toISOString(), step: snapshot.state.current_step, reason }, undefined, snapshot);
    return t.snapshot;
}
/** Read a run or fail with a message that says how to find run ids. */
async function requireRun(store, runId) {
    const snap = await store.get(runId);
    if (!snap)
        throw new errors/* UserError */.y(`unknown run ${runId} in ${store.description}; list runs with \`sop runs\``);
    return snap;
}

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
        // glibc: grow the heap in large steps and keep it, instead of a brk() per allocation and a trim
        // per free. Git allocates and frees per object; where system calls are expensive (sandboxed
        // runners) this was most of the time git took to write a commit. Other C libraries ignore it.
        MALLOC_TOP_PAD_: base['MALLOC_TOP_PAD_'] ?? String(16 << 20),
        MALLOC_TRIM_THRESHOLD_: base['MALLOC_TRIM_THRESHOLD_'] ?? String(128 << 20),
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
        if (input !== undefined && child.stdin) {
            // A git that exits before reading its input (e.g. a failed fetch) closes the pipe: its exit code and stderr tell why.
            child.stdin.on('error', () => undefined);
            child.stdin.end(input);
        }
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

;// CONCATENATED MODULE: ./src/store/git-tree.ts
// Git tree objects as the store reads them (raw `cat-file` content) and writes them (`git mktree` input lines).
const TREE_MODE = '40000';
const BLOB_MODE = '100644';
/** Bytes of a binary object id: 20 for sha1 repositories, 32 for sha256 ones. */
function oidBytes(objectFormat) {
    if (objectFormat === 'sha1')
        return 20;
    if (objectFormat === 'sha256')
        return 32;
    throw new Error(`unknown git object format ${JSON.stringify(objectFormat)}; sop-engine knows sha1 and sha256`);
}
/** Entries of a raw tree object, in git's order. */
function parseTree(content, hashBytes) {
    const entries = [];
    let at = 0;
    while (at < content.length) {
        const space = content.indexOf(32, at);
        const nul = space < 0 ? -1 : content.indexOf(0, space + 1);
        if (space < 0 || nul < 0 || nul + 1 + hashBytes > content.length)
            throw new Error('corrupt tree object; run git fsck');
        entries.push({
            mode: content.subarray(at, space).toString('latin1'),
            name: content.subarray(space + 1, nul).toString('utf8'),
            oid: content.subarray(nul + 1, nul + 1 + hashBytes).toString('hex'),
        });
        at = nul + 1 + hashBytes;
    }
    return entries;
}
/** `entries` with `changes` applied by name (added or replaced). */
function withEntries(entries, changes) {
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    for (const change of changes)
        byName.set(change.name, change);
    return [...byName.values()];
}
/** The `git mktree` input for a tree (one `<mode> <type> <oid>\t<name>` line per entry; mktree sorts). */
function mktreeInput(entries) {
    return entries
        .map((entry) => {
        if (/[\n\t]/.test(entry.name))
            throw new Error(`tree entry name ${JSON.stringify(entry.name)} contains a tab or newline`);
        const type = entry.mode === TREE_MODE ? 'tree' : entry.mode === '160000' ? 'commit' : 'blob';
        return `${entry.mode} ${type} ${entry.oid}\t${entry.name}\n`;
    })
        .join('');
}

;// CONCATENATED MODULE: ./src/store/process-ref.ts
/** Ref (`on`) or unref the child and its three pipes: any one left referenced keeps Node's event loop running. */
function setRef(child, on) {
    for (const handle of [child, child.stdin, child.stdout, child.stderr]) {
        if (on)
            handle.ref?.();
        else
            handle.unref?.();
    }
}

;// CONCATENATED MODULE: ./src/store/git-object-writer.ts
// Writes git objects through git itself: long-lived `git hash-object --stdin-paths` (blobs, commits) and `git mktree --batch` (trees).








/**
 * One git process that answers each request with one line (an object id), in order. Git writes the
 * object, so the repository's object format, `core.sharedRepository` permissions and fsync
 * settings are honoured; a process start is paid once, not per object.
 */
class LineProcess {
    repoDir;
    args;
    child = null;
    waiting = [];
    pending = '';
    stderr = '';
    constructor(repoDir, args) {
        this.repoDir = repoDir;
        this.args = args;
    }
    request(input) {
        return new Promise((resolve, reject) => {
            const child = this.ensure();
            this.waiting.push({ resolve, reject });
            setRef(child, true);
            child.stdin.write(input);
        });
    }
    async close() {
        const child = this.child;
        if (child === null)
            return;
        this.child = null;
        setRef(child, true);
        await new Promise((resolve) => {
            child.once('close', () => resolve());
            child.stdin.end();
        });
    }
    ensure() {
        if (this.child !== null)
            return this.child;
        const child = (0,external_node_child_process_.spawn)('git', this.args, { cwd: this.repoDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
        this.child = child;
        this.pending = '';
        this.stderr = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
            this.pending += chunk;
            for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
                const line = this.pending.slice(0, newline);
                this.pending = this.pending.slice(newline + 1);
                this.waiting.shift()?.resolve(line.trim());
            }
            if (this.waiting.length === 0)
                setRef(child, false);
        });
        child.stderr.on('data', (chunk) => (this.stderr += chunk.toString('utf8')));
        child.stdin.on('error', () => {
            // Reported by the close handler.
        });
        const fail = (error) => {
            if (this.child === child)
                this.child = null;
            const waiting = this.waiting;
            this.waiting = [];
            for (const w of waiting)
                w.reject(error);
        };
        child.on('error', fail);
        child.on('close', (code) => fail(new Error(`git ${this.args.join(' ')} in ${this.repoDir} stopped (exit ${code ?? 'signal'}): ${this.stderr.trim() || 'no message'}`)));
        return child;
    }
}
class GitObjectWriter {
    blobs;
    commits;
    trees;
    tmpDir = null;
    counter = 0;
    constructor(repoDir) {
        this.blobs = new LineProcess(repoDir, ['hash-object', '-w', '--no-filters', '--stdin-paths']);
        this.commits = new LineProcess(repoDir, ['hash-object', '-t', 'commit', '-w', '--stdin-paths']);
        // --missing: entries of other runs are not looked up (a shallow or partial clone may not have them).
        this.trees = new LineProcess(repoDir, ['mktree', '--missing', '--batch']);
    }
    writeBlob(content) {
        return this.viaFile(this.blobs, content);
    }
    /** `text` is a complete commit object (git checks its format before writing it). */
    writeCommit(text) {
        return this.viaFile(this.commits, text);
    }
    writeTree(entries) {
        if (entries.length === 0)
            throw new Error('refusing to write an empty tree');
        // A blank line ends one tree in --batch mode.
        return this.trees.request(`${mktreeInput(entries)}\n`).then(checkOid);
    }
    async close() {
        await Promise.all([this.blobs.close(), this.commits.close(), this.trees.close()]);
        if (this.tmpDir !== null) {
            const dir = await this.tmpDir.catch(() => null);
            this.tmpDir = null;
            if (dir !== null)
                await external_node_fs_.promises.rm(dir, { recursive: true, force: true });
        }
    }
    /** hash-object reads content from a path: each object goes through a file of its own in a private folder. */
    async viaFile(process, content) {
        this.tmpDir ??= external_node_fs_.promises.mkdtemp(external_node_path_default().join(external_node_os_default().tmpdir(), 'sop-objects-'));
        const file = external_node_path_default().join(await this.tmpDir, `${++this.counter}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
        await external_node_fs_.promises.writeFile(file, content);
        try {
            return checkOid(await process.request(`${file}\n`));
        }
        finally {
            await external_node_fs_.promises.rm(file, { force: true });
        }
    }
}
function checkOid(line) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line))
        throw new Error(`git answered ${JSON.stringify(line)} where an object id was expected`);
    return line;
}

;// CONCATENATED MODULE: ./src/store/git-ref-update.ts
// Move a branch only by `git update-ref <ref> <new> <expected-old>`: git's own locking and compare-and-swap.



/**
 * Set `ref` to `next` only if it still holds `expected` (null: only if it does not exist). Git
 * takes and releases the lock; we never write, break or delete a lock file.
 */
async function compareAndSwapRef(repoDir, ref, next, expected, reflogMessage, 
/** Reads the ref's current value, to tell "moved" from other failures. */
current) {
    // An empty old value means "must not exist yet", whatever the object format.
    const result = await runGit(repoDir, ['update-ref', '-m', reflogMessage.replace(/\s+/g, ' ').trim(), ref, next, expected ?? '']);
    if (result.code === 0)
        return { status: 'updated' };
    const message = result.stderr.trim();
    const lock = /Unable to create '([^']+\.lock)': File exists/i.exec(message);
    if (lock !== null)
        return { status: 'locked', lockFile: lock[1] ?? '', message };
    if ((await current()) !== expected)
        return { status: 'moved' };
    throw new Error(`git update-ref ${ref} failed in ${repoDir}: ${message || `exit code ${result.code}`}`);
}
class RefUpdater {
    repoDir;
    reflogMessage;
    zeroOid;
    current = null;
    constructor(repoDir, reflogMessage, 
    /** 40 zeros (sha1) or 64 (sha256): git's "must not exist" old value. */
    zeroOid) {
        this.repoDir = repoDir;
        this.reflogMessage = reflogMessage;
        this.zeroOid = zeroOid;
    }
    async update(ref, next, expected, readCurrent) {
        const proc = this.ensure();
        setRef(proc.child, true);
        try {
            proc.child.stdin.write(`start\nupdate ${ref} ${next} ${expected ?? this.zeroOid}\nprepare\ncommit\n`);
            for (const step of ['start', 'prepare', 'commit']) {
                const line = await nextLine(proc);
                if (line === `${step}: ok`)
                    continue;
                const message = line === null ? proc.stderr.trim() : `unexpected answer ${JSON.stringify(line)}`;
                this.stop(proc);
                const lock = /Unable to create '([^']+\.lock)': File exists/i.exec(message);
                if (lock !== null)
                    return { status: 'locked', lockFile: lock[1] ?? '', message };
                if ((await readCurrent()) !== expected)
                    return { status: 'moved' };
                throw new Error(`git update-ref ${ref} failed in ${this.repoDir}: ${message || 'no message'}`);
            }
            return { status: 'updated' };
        }
        finally {
            setRef(proc.child, false);
        }
    }
    async close() {
        const proc = this.current;
        if (proc === null)
            return;
        this.current = null;
        setRef(proc.child, true);
        if (proc.exited)
            return;
        await new Promise((resolve) => {
            proc.child.once('close', () => resolve());
            proc.child.stdin.end();
        });
    }
    stop(proc) {
        proc.child.stdin.end();
        if (this.current === proc)
            this.current = null;
    }
    ensure() {
        if (this.current !== null && !this.current.exited)
            return this.current;
        const child = (0,external_node_child_process_.spawn)('git', ['update-ref', '-m', this.reflogMessage, '--stdin'], { cwd: this.repoDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
        const proc = { child, lines: [], waiter: null, exited: false, stderr: '' };
        this.current = proc;
        let pending = '';
        const wake = () => {
            const waiter = proc.waiter;
            proc.waiter = null;
            waiter?.();
        };
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
            pending += chunk;
            const parts = pending.split('\n');
            pending = parts.pop() ?? '';
            proc.lines.push(...parts);
            wake();
        });
        child.stderr.on('data', (chunk) => (proc.stderr += chunk.toString('utf8')));
        child.stdin.on('error', () => {
            // The exit is reported through nextLine.
        });
        child.on('error', (error) => {
            proc.stderr += error.message;
            proc.exited = true;
            wake();
        });
        child.on('close', () => {
            proc.exited = true;
            wake();
        });
        return proc;
    }
}
/** The next answer line, or null once the process has exited. */
async function nextLine(proc) {
    for (;;) {
        const line = proc.lines.shift();
        if (line !== undefined)
            return line;
        if (proc.exited)
            return null;
        await new Promise((resolve) => (proc.waiter = resolve));
    }
}

;// CONCATENATED MODULE: ./src/store/git-store.ts
// The git state store: runs/<YYYY>/<MM>/<DD>/<run-id>/ committed to a branch by git plumbing, compare-and-swap by update-ref, optional push.









const DEFAULT_IDENTITY = { name: 'sop-engine', email: 'sop-engine@users.noreply.github.com' };
const DEFAULT_LOCK_WAIT_MS = 30_000;
/** Rebuilds after the branch moved under a put (other writers made progress each time). */
const MAX_MOVED_RETRIES = 1000;
/**
 * Filters tried in order for the tip fetch of a partial store: the commit alone, else (a server that
 * allows no filter) everything. Not `tree:<depth>` for the trees down to a month: git's server walks
 * the whole tree for it (2 s at 100,000 runs against 0.14 s for tree:0), and GitHub allows only tree:0.
 */
const TIP_FILTERS = ['tree:0', null];
/**
 * Partial store: a branch whose tip says it holds at most this many runs is fetched whole (one
 * request, about 3.5 KB a run), not folder by folder (six requests). The count is only a hint:
 * whatever it says, the same objects are read, by their ids.
 */
const SMALL_BRANCH_RUNS = 1000;
/** The commit trailer that carries how many runs the branch holds after the commit. */
const RUNS_TRAILER = 'Sop-Runs';
const RUNS_TRAILER_LINE = new RegExp(`^${RUNS_TRAILER}: (\\d{1,9})$`);
/** From this many runs on, listRuns reads with two git processes. */
const PARALLEL_LIST_MIN = 2000;
/** Writers in one process queue per branch, so they take turns instead of racing update-ref. */
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
    lockWaitMs;
    now;
    sleep;
    partial;
    /** Partial store: the tip filter the remote accepted last (see TIP_FILTERS). */
    tipFilter = TIP_FILTERS[0];
    /** Partial store: the remote is recorded as a promisor (see fetchFiltered). */
    promisorRegistered = false;
    /** Partial store: a tip whose whole tree is here (a small branch fetched whole, and commits built on it). */
    completeTip = null;
    wholeBranchRuns;
    reader;
    /** A second reader, started only for large listRuns (see there). */
    helper = null;
    info = null;
    writer = null;
    updater = null;
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
        this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
        this.now = options.now ?? Date.now;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.description = `git:${this.branch}`;
        this.partial = options.partialFetch === true && options.remote !== undefined;
        this.wholeBranchRuns = options.wholeBranchRuns ?? SMALL_BRANCH_RUNS;
        this.reader = new GitObjectReader(this.repoDir);
    }
    async get(runId) {
        (0,run_layout/* assertRunId */.HB)(runId);
        if (this.partial) {
            const tip = await this.readTip();
            if (tip === null)
                return null;
            const view = await this.walkRun(tip, runId, true);
            return this.snapshot(runId, view.state ?? null, view.audit);
        }
        // Both files from one commit: a state and an audit record from two commits would not match.
        const folder = await this.reader.read(`${this.ref}:${(0,run_layout/* runFolder */.kQ)(runId)}`);
        if (folder === null || folder.type !== 'tree')
            return null;
        const [state, audit] = await this.reader.readMany([`${folder.oid}:${run_layout/* STATE_FILE */.bv}`, `${folder.oid}:${run_layout/* AUDIT_FILE */.v2}`]);
        return this.snapshot(runId, state ?? null, audit ?? null);
    }
    async put(runId, expected, write) {
        (0,run_layout/* assertRunId */.HB)(runId);
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
            await this.setLocalTip(remoteTip, result.commit);
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
        await this.setLocalTip(remoteTip, local);
    }
    async listRunIds() {
        return (await this.runFolders()).map((entry) => entry.runId);
    }
    async listRuns() {
        const tip = await this.readTip();
        const entries = await this.runFolders(tip);
        // A partial store fetches every run's folder it does not have yet, in one request.
        if (this.partial && tip !== null)
            await this.readObjects(entries.map((entry) => entry.oid), 'subtree', tip);
        const runs = new Array(entries.length);
        // Inflating the blobs is git's work and single-threaded per process: a large list is split
        // between this reader and a second one, so two cores share it. Each state is parsed as it
        // arrives, while git is still inflating the next ones.
        const split = entries.length >= PARALLEL_LIST_MIN && (0,external_node_os_.availableParallelism)() > 1 ? Math.ceil(entries.length / 2) : entries.length;
        const readPart = (reader, from, to) => reader.readEach(entries.slice(from, to).map((entry) => `${entry.oid}:${run_layout/* STATE_FILE */.bv}`), (offset, blob) => {
            const i = from + offset;
            const where = `${this.description}:${(0,run_layout/* statePath */.BQ)(entries[i]?.runId ?? '?')}`;
            if (blob === null)
                throw new Error(`${where} is missing; restore it from the history of branch ${this.branch}`);
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
        (0,run_layout/* assertRunId */.HB)(runId);
        if (this.partial) {
            const tip = await this.readTip();
            return tip === null ? null : ((await this.walkRun(tip, runId, false)).log?.content.toString('utf8') ?? null);
        }
        const log = await this.reader.read(`${this.ref}:${(0,run_layout/* logPath */.Q2)(runId)}`);
        return log === null || log.type !== 'blob' ? null : log.content.toString('utf8');
    }
    /**
     * Every commit that changed the run's folder, oldest first, with the audit record and state it
     * left: lets `sop verify` check who wrote the files, that history only appended, and that each
     * state was audited.
     */
    async runHistory(runId) {
        (0,run_layout/* assertRunId */.HB)(runId);
        if (this.partial) {
            throw new Error(`the history of run ${runId} is not here: this store fetched only the tip of ${this.branch}; run sop verify in a clone that has the branch (git fetch ${this.remote ?? 'origin'} ${this.branch})`);
        }
        const tip = await this.readTip();
        if (tip === null)
            return [];
        const log = await git(this.repoDir, ['log', '--full-history', '--reverse', '--format=%H %s', tip, '--', (0,run_layout/* runFolder */.kQ)(runId)]);
        const commits = log
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => ({ commit: line.slice(0, line.indexOf(' ')), subject: line.slice(line.indexOf(' ') + 1) }));
        const blobs = await this.reader.readMany(commits.flatMap(({ commit }) => [`${commit}:${(0,run_layout/* auditPath */.RB)(runId)}`, `${commit}:${(0,run_layout/* statePath */.BQ)(runId)}`]));
        let previousState = null;
        return commits.map(({ commit, subject }, i) => {
            const short = commit.slice(0, 12);
            const auditBlob = blobs[2 * i] ?? null;
            const stateBlob = blobs[2 * i + 1] ?? null;
            const stateChanged = (stateBlob?.oid ?? null) !== previousState;
            previousState = stateBlob?.oid ?? null;
            return {
                commit,
                subject,
                audit: auditBlob === null ? null : parseAuditFile(auditBlob.content.toString('utf8'), `${short}:${(0,run_layout/* auditPath */.RB)(runId)}`),
                state: stateBlob === null ? null : parseStateFile(stateBlob.content.toString('utf8'), `${short}:${(0,run_layout/* statePath */.BQ)(runId)}`),
                stateChanged,
            };
        });
    }
    async close() {
        await Promise.all([this.reader.close(), this.helper?.close(), this.writer?.close(), this.updater?.close()]);
        this.writer = null;
        this.updater = null;
    }
    // ---- internals ----
    snapshot(runId, state, audit) {
        if (state === null && audit === null)
            return null;
        const where = `${this.description}:${(0,run_layout/* statePath */.BQ)(runId)}`;
        if (state === null || audit === null) {
            const missing = state === null ? where : `${this.description}:${(0,run_layout/* auditPath */.RB)(runId)}`;
            throw new Error(`run ${runId} is damaged: ${missing} is missing; restore it from the history of branch ${this.branch}`);
        }
        return {
            state: parseStateFile(state.content.toString('utf8'), where),
            audit: parseAuditFile(audit.content.toString('utf8'), `${this.description}:${(0,run_layout/* auditPath */.RB)(runId)}`),
            version: audit.oid,
        };
    }
    /** Every run folder at `tip` (default: the branch tip): runs/<YYYY>/<MM>/<DD>/<run-id>, read level by level. */
    async runFolders(at) {
        const tip = at === undefined ? await this.readTip() : at;
        if (tip === null)
            return [];
        const [runsTree, info] = await Promise.allSettled([this.runsTree(tip), this.repoInfo()]);
        if (info.status === 'rejected')
            throw info.reason;
        if (runsTree.status === 'rejected')
            throw runsTree.reason;
        if (runsTree.value === null || runsTree.value.type !== 'tree')
            return [];
        const { hashBytes } = info.value;
        const subtrees = (content, accept) => parseTree(content, hashBytes).filter((entry) => entry.mode === TREE_MODE && accept(entry.name));
        const years = subtrees(runsTree.value.content, run_layout/* isYearName */.nC);
        const yearTrees = await this.readObjects(years.map((year) => year.oid), 'object', tip);
        const months = years.flatMap((year, i) => subtrees(yearTrees[i]?.content ?? Buffer.alloc(0), run_layout/* isMonthOrDayName */.FS).map((month) => ({ year: year.name, month })));
        const monthTrees = await this.readObjects(months.map((m) => m.month.oid), 'object', tip);
        const days = months.flatMap((m, i) => subtrees(monthTrees[i]?.content ?? Buffer.alloc(0), run_layout/* isMonthOrDayName */.FS).map((day) => ({ year: m.year, month: m.month.name, day })));
        const dayTrees = await this.readObjects(days.map((d) => d.day.oid), 'object', tip);
        return days.flatMap((d, i) => subtrees(dayTrees[i]?.content ?? Buffer.alloc(0), (name) => (0,run_layout/* isRunFolderOf */.px)(name, d.year, d.month, d.day.name)).map((entry) => ({
            runId: entry.name,
            oid: entry.oid,
        })));
    }
    /**
     * Commit the write on the local branch tip if the run is still at `expected`, moving the branch
     * with update-ref against the tip it was built on. A tip moved by a writer of another run means
     * rebuild on the new tip (never re-decide); a lock held by another process means wait, boundedly.
     */
    async commitLocally(runId, expected, write) {
        const { commonDir, hashBytes } = await this.repoInfo();
        return serialised(`${commonDir}\0${this.ref}`, async () => {
            const deadline = this.now() + this.lockWaitMs;
            for (let attempt = 1, moved = 0;; attempt++) {
                const tip = await this.readTip();
                const view = await this.viewAt(tip, runId);
                if ((view.audit?.oid ?? null) !== expected)
                    return { ok: false, reason: 'conflict' };
                const built = await this.build(runId, view, write);
                this.updater ??= new RefUpdater(this.repoDir, 'sop-engine: commit a run transition', '0'.repeat(hashBytes * 2));
                const update = await this.updater.update(this.ref, built.commit, tip, () => this.readTip());
                if (update.status === 'updated') {
                    this.lastWritten = { runId, view: built.view };
                    if (this.completeTip !== null && this.completeTip === tip)
                        this.completeTip = built.commit;
                    return { ok: true, version: built.version, commit: built.commit, parent: tip };
                }
                if (update.status === 'moved') {
                    if (++moved > MAX_MOVED_RETRIES) {
                        throw new Error(`branch ${this.branch} moved under every one of ${MAX_MOVED_RETRIES} attempts to write run ${runId}; another process writes to it continuously, retry when it is idle`);
                    }
                    // Another process committed first: let the racers spread out, so each rebuild has a fair chance to land.
                    await this.sleep(Math.random() * Math.min(200, 10 * moved));
                    continue;
                }
                if (this.now() >= deadline) {
                    throw new Error(`branch ${this.branch} stayed locked for ${Math.round(this.lockWaitMs / 1000)} s by ${update.lockFile}; nothing was written. Another git process holds it; if none is running (a crashed git left it), remove that file and retry`);
                }
                await this.sleep(Math.min(1000, 20 * 2 ** Math.min(attempt - 1, 6)) + Math.random() * 10);
            }
        });
    }
    async viewAt(tip, runId) {
        const none = { root: null, runs: null, year: null, month: null, day: null, folder: null };
        if (tip === null)
            return { tip, trees: none, audit: null, log: null, runs: 0 };
        const last = this.lastWritten;
        if (last !== null && last.view.tip === tip && last.runId === runId)
            return last.view;
        if (this.partial)
            return this.walkRun(tip, runId, false);
        const [year, month, day] = (0,run_layout/* runDate */.yZ)(runId);
        const folder = (0,run_layout/* runFolder */.kQ)(runId);
        const objects = await this.reader.readMany([
            tip,
            `${tip}^{tree}`,
            `${tip}:${run_layout/* RUNS_DIR */.z4}`,
            `${tip}:${run_layout/* RUNS_DIR */.z4}/${year}`,
            `${tip}:${run_layout/* RUNS_DIR */.z4}/${year}/${month}`,
            `${tip}:${run_layout/* RUNS_DIR */.z4}/${year}/${month}/${day}`,
            `${tip}:${folder}`,
            `${tip}:${folder}/${run_layout/* AUDIT_FILE */.v2}`,
            `${tip}:${folder}/${run_layout/* LOG_FILE */.UP}`,
        ]);
        const [commit, root, runs, yearTree, monthTree, dayTree, folderTree, audit, log] = objects;
        if (root === null || root === undefined)
            throw new Error(`branch ${this.branch} points at ${tip}, which is not a commit in ${this.repoDir}; run git fsck`);
        const { hashBytes } = await this.repoInfo();
        const entries = (object) => object?.type === 'tree' ? parseTree(object.content, hashBytes) : null;
        return {
            tip,
            trees: {
                root: entries(root),
                runs: entries(runs),
                year: entries(yearTree),
                month: entries(monthTree),
                day: entries(dayTree),
                folder: entries(folderTree),
            },
            audit: audit?.type === 'blob' ? audit : null,
            log: log?.type === 'blob' ? log : null,
            runs: commit?.type === 'commit' ? runsTrailer(commit.content) : null,
        };
    }
    /** Write the run's new files, the trees up to the root and the commit, all through git. */
    async build(runId, view, write) {
        const writer = await this.objectWriter();
        const currentAudit = view.parsedAudit ?? (view.audit === null ? null : parseAuditFile(view.audit.content.toString('utf8'), `${this.description}:${(0,run_layout/* auditPath */.RB)(runId)}`));
        const texts = applyWrite(runId, currentAudit, view.log === null ? null : view.log.content.toString('utf8'), write);
        const auditContent = Buffer.from(texts.audit, 'utf8');
        const logContent = texts.log === null || texts.log === view.log?.content.toString('utf8') ? null : Buffer.from(texts.log, 'utf8');
        const [stateOid, auditOid, logOid] = await Promise.all([
            writer.writeBlob(texts.state),
            writer.writeBlob(auditContent),
            logContent === null ? Promise.resolve(null) : writer.writeBlob(logContent),
        ]);
        const fileChanges = [
            { mode: BLOB_MODE, name: run_layout/* STATE_FILE */.bv, oid: stateOid },
            { mode: BLOB_MODE, name: run_layout/* AUDIT_FILE */.v2, oid: auditOid },
        ];
        if (logOid !== null)
            fileChanges.push({ mode: BLOB_MODE, name: run_layout/* LOG_FILE */.UP, oid: logOid });
        const [year, month, day] = (0,run_layout/* runDate */.yZ)(runId);
        const t = view.trees;
        const next = { root: null, runs: null, year: null, month: null, day: null, folder: null };
        const level = async (current, change, key) => {
            const entries = withEntries(current ?? [], [change]);
            next[key] = entries;
            return writer.writeTree(entries);
        };
        next.folder = withEntries(t.folder ?? [], fileChanges);
        const folderOid = await writer.writeTree(next.folder);
        const dayOid = await level(t.day, { mode: TREE_MODE, name: runId, oid: folderOid }, 'day');
        const monthOid = await level(t.month, { mode: TREE_MODE, name: day, oid: dayOid }, 'month');
        const yearOid = await level(t.year, { mode: TREE_MODE, name: month, oid: monthOid }, 'year');
        const runsOid = await level(t.runs, { mode: TREE_MODE, name: year, oid: yearOid }, 'runs');
        const rootOid = await level(t.root, { mode: TREE_MODE, name: run_layout/* RUNS_DIR */.z4, oid: runsOid }, 'root');
        const runs = await this.runsAfter(view);
        // One line: text from a comment (a rejection reason) can never add lines, such as a forged Sop-Runs trailer.
        const subject = `sop(${runId}): ${write.message.replace(/\s+/g, ' ').trim()}`;
        const message = runs === null ? subject : `${subject}\n\n${RUNS_TRAILER}: ${runs}`;
        const commit = await writer.writeCommit(commitText(rootOid, view.tip, this.identity, message, this.now()));
        return {
            commit,
            version: auditOid,
            // The view at `commit`, used again only while the branch still points there.
            view: {
                tip: commit,
                trees: next,
                audit: { oid: auditOid, type: 'blob', content: auditContent },
                log: logContent === null || logOid === null ? view.log : { oid: logOid, type: 'blob', content: logContent },
                parsedAudit: texts.auditFile,
                runs,
            },
        };
    }
    /**
     * How many runs the branch holds after a commit on `view` (its Sop-Runs trailer): the parent's
     * count, plus one for a new run. A parent without the trailer (a commit made by hand) is counted
     * once from its tree; a partial store, which does not have that tree, leaves the count out.
     */
    async runsAfter(view) {
        const added = view.trees.folder === null ? 1 : 0;
        // A partial store that fetched the branch whole (its count said small) counts for real, so a
        // wrong count is corrected by the next commit instead of being carried on.
        const whole = this.partial && this.completeTip === view.tip;
        if (view.runs !== null && !whole)
            return view.runs + added;
        if (this.partial && !whole)
            return null;
        return (await this.runFolders(view.tip)).length + added;
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
    /**
     * Fetch the remote branch's tip only (depth 1: a compare-and-swap needs nothing older) into
     * refs/remotes/<remote>/<branch>; null when the remote has no such branch.
     */
    async fetchRemoteTip() {
        const remote = this.remote;
        const tracking = `refs/remotes/${remote}/${this.branch}`;
        const args = ['fetch', '--depth=1', '--no-tags', '--quiet', '--no-write-fetch-head'];
        const refspec = [remote, `+${this.ref}:${tracking}`];
        let result;
        if (!this.partial)
            result = await runGit(this.repoDir, [...args, ...refspec]);
        else {
            result = await this.fetchFiltered(args, this.tipFilter, refspec);
            // A server that refuses a filter (e.g. one that allows tree:0 but no deeper tree filter) gets the next one.
            while (result.code !== 0 && this.tipFilter !== null && /filter/i.test(result.stderr)) {
                this.tipFilter = TIP_FILTERS[TIP_FILTERS.indexOf(this.tipFilter) + 1] ?? null;
                result = await this.fetchFiltered(args, this.tipFilter, refspec);
            }
        }
        if (result.code !== 0) {
            if (/couldn't find remote ref/i.test(result.stderr))
                return null;
            throw new Error(`git fetch ${remote} ${this.branch} failed: ${result.stderr.trim()}; check the remote's URL and credentials`);
        }
        const tip = await this.reader.read(`${tracking}^{commit}`);
        return tip?.oid ?? null;
    }
    /**
     * Partial store: `git <fetchArgs> --filter=<filter> <rest>` (`--no-filter` for null). The remote is
     * first recorded as a promisor (`remote.<name>.promisor=true`): git may then hold its objects in
     * part, and fetches a missing one itself when a command needs it (a user's `git log --all` in a
     * later step). Such a fetch, and a plain `git fetch --filter`, would record its filter as the
     * remote's default, and every later fetch in the job (a pinned commit, a user's step) would come
     * without files. So a checkout without a default gets `blob:limit=1g`, which omits nothing
     * GitHub stores (it refuses files over 100 MiB), and our filters are named per fetch (`-c`).
     */
    async fetchFiltered(fetchArgs, filter, rest, input) {
        const remote = this.remote;
        if (!this.promisorRegistered) {
            const key = `remote.${remote}`;
            const current = await runGit(this.repoDir, ['config', '--get-regexp', `^${key.replace(/[.]/g, '\\.')}\\.(promisor|partialclonefilter)$`]);
            const has = (name) => current.stdout.toLowerCase().split('\n').some((line) => line.startsWith(`${key}.${name}`.toLowerCase()));
            for (const [name, value] of [['partialclonefilter', 'blob:limit=1g'], ['promisor', 'true']]) {
                if (has(name))
                    continue;
                const set = await runGit(this.repoDir, ['config', `${key}.${name}`, value]);
                if (set.code !== 0)
                    throw new Error(`git config ${key}.${name} ${value} failed in ${this.repoDir}: ${set.stderr.trim()}`);
            }
            this.promisorRegistered = true;
        }
        const config = filter === null ? [] : ['-c', `remote.${remote}.partialclonefilter=${filter}`];
        return runGit(this.repoDir, [...config, ...fetchArgs, '--no-auto-maintenance', filter === null ? '--no-filter' : `--filter=${filter}`, ...rest], input);
    }
    /**
     * Partial store: the objects named, fetched in one request first (git skips the request when it
     * has them all). `object` fetches just them (trees on a run's path); `subtree` everything under
     * them too (a run's folder with its files). Reading first and fetching what is missing would not
     * do: in a partial clone, reading a missing object makes git fetch it by itself, with its subtree.
     */
    async present(oids, scope) {
        if (oids.length === 0)
            return [];
        const remote = this.remote;
        // No negotiation: the server must not leave out what it thinks we have because we hold the tip commit.
        const fetch = ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--no-tags', '--quiet', '--no-write-fetch-head', '--recurse-submodules=no', '--stdin'];
        const filter = scope === 'subtree' || this.tipFilter === null ? null : 'tree:0';
        const result = await this.fetchFiltered(fetch, filter, [remote], `${oids.join('\n')}\n`);
        if (result.code !== 0) {
            throw new Error(`git fetch of ${oids.length} object(s) of branch ${this.branch} from ${remote} failed: ${result.stderr.trim()}; check the remote's URL and credentials`);
        }
        const objects = await this.reader.readMany(oids);
        return objects.map((object, i) => {
            if (object === null)
                throw new Error(`object ${oids[i] ?? '?'} of branch ${this.branch} is missing after fetching it from ${remote}; run git fsck`);
            return object;
        });
    }
    /**
     * Objects of `tip` by oid; a partial store fetches them first, unless the whole tip is here (the
     * server sent everything, or the branch was small enough to fetch whole).
     */
    async readObjects(oids, scope, tip) {
        if (this.partial && this.tipFilter !== null && this.completeTip !== tip)
            return this.present(oids, scope);
        const objects = await this.reader.readMany(oids);
        // A tree names these objects: missing means not fetched (or a damaged repository), never absent.
        if (this.partial && objects.includes(null))
            return this.present(oids, scope);
        if (objects.includes(null)) {
            throw new Error(`object ${oids[objects.indexOf(null)] ?? '?'} of branch ${this.branch} is missing from ${this.repoDir}; run git fsck (or fetch the branch again)`);
        }
        return objects;
    }
    /** The `runs` tree at `tip`, or null. */
    async runsTree(tip) {
        if (!this.partial)
            return this.reader.read(`${tip}:${run_layout/* RUNS_DIR */.z4}`);
        const { hashBytes } = await this.repoInfo();
        const { tree } = await this.prepareTip(tip);
        const [root] = await this.readObjects([tree], 'object', tip);
        const runs = root?.type === 'tree' ? parseTree(root.content, hashBytes).find((entry) => entry.name === run_layout/* RUNS_DIR */.z4) : undefined;
        return runs === undefined ? null : ((await this.readObjects([runs.oid], 'object', tip))[0] ?? null);
    }
    /**
     * Partial store, before reading at `tip`: its root tree and run count; a small branch (by the
     * count its commit gives) is fetched whole at once, so nothing below needs a fetch of its own.
     */
    async prepareTip(tip) {
        const object = await this.reader.read(tip);
        const tree = object?.type === 'commit' ? /^tree ([0-9a-f]+)$/m.exec(object.content.toString('latin1'))?.[1] : undefined;
        if (object === null || tree === undefined)
            throw new Error(`branch ${this.branch} points at ${tip}, which is not a commit in ${this.repoDir}; run git fsck`);
        const runs = runsTrailer(object.content);
        if (this.partial && this.tipFilter !== null && this.completeTip !== tip && runs !== null && runs <= this.wholeBranchRuns) {
            // --refetch: git would otherwise skip the request, having the tip (and maybe its root tree) already.
            const fetch = ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--refetch', '--depth=1', '--no-tags', '--quiet', '--no-write-fetch-head', '--recurse-submodules=no', '--stdin'];
            const result = await this.fetchFiltered(fetch, null, [this.remote], `${tip}\n`);
            if (result.code !== 0)
                throw new Error(`git fetch of branch ${this.branch} from ${this.remote} failed: ${result.stderr.trim()}`);
            this.completeTip = tip;
        }
        return { tree, runs };
    }
    /**
     * Partial store: what viewAt reads, found level by level from the tip commit down to the run's
     * folder, each level fetched if it is not here yet. An entry is absent only when its parent tree
     * says so, never because its object was not fetched.
     */
    async walkRun(tip, runId, withState) {
        const { hashBytes } = await this.repoInfo();
        const [year, month, day] = (0,run_layout/* runDate */.yZ)(runId);
        const levels = [
            ['root', run_layout/* RUNS_DIR */.z4],
            ['runs', year],
            ['year', month],
            ['month', day],
            ['day', runId],
            ['folder', null],
        ];
        const trees = { root: null, runs: null, year: null, month: null, day: null, folder: null };
        const prepared = await this.prepareTip(tip);
        let oid = prepared.tree;
        for (const [key, child] of levels) {
            if (oid === undefined)
                break;
            // The run's folder comes with its files in the same request.
            const [object] = await this.readObjects([oid], key === 'folder' ? 'subtree' : 'object', tip);
            if (object?.type !== 'tree')
                break;
            const entries = parseTree(object.content, hashBytes);
            trees[key] = entries;
            // Only a folder entry leads on (a file or submodule entry of that name is not the run's folder).
            oid = child === null ? undefined : entries.find((entry) => entry.name === child && entry.mode === TREE_MODE)?.oid;
        }
        const file = (name) => trees.folder?.find((entry) => entry.name === name && entry.mode === BLOB_MODE)?.oid;
        const names = [run_layout/* AUDIT_FILE */.v2, run_layout/* LOG_FILE */.UP, ...(withState ? [run_layout/* STATE_FILE */.bv] : [])];
        const oids = names.map(file);
        // The files came with the folder.
        const objects = (await this.reader.readMany(oids.filter((o) => o !== undefined))).filter((o) => o !== null);
        const blobs = new Map(objects.map((object) => [object.oid, object]));
        const blobOf = (i) => {
            const object = oids[i] === undefined ? undefined : blobs.get(oids[i]);
            return object?.type === 'blob' ? object : null;
        };
        return { tip, trees, audit: blobOf(0), log: blobOf(1), runs: prepared.runs, ...(withState ? { state: blobOf(2) } : {}) };
    }
    /** Move the local branch to the remote's tip, unless another writer moved it since `from`. */
    async setLocalTip(oid, from) {
        await this.assertNotCheckedOut();
        const update = await compareAndSwapRef(this.repoDir, this.ref, oid, from, 'sop-engine: sync with remote', () => this.readTip());
        if (update.status === 'locked')
            throw new Error(`cannot move branch ${this.branch} to the remote's tip: ${update.lockFile} is held by another git process; retry`);
    }
    /** Undo a local commit the remote refused, unless another writer already built on it. */
    async rollback(commit, parent) {
        const args = parent === null ? ['update-ref', '-d', this.ref, commit] : ['update-ref', this.ref, parent, commit];
        await runGit(this.repoDir, args);
    }
    async repoInfo() {
        this.info ??= (async () => {
            const result = await runGit(this.repoDir, ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-object-format']);
            if (result.code !== 0) {
                throw new Error(`${this.repoDir} is not inside a git repository (${result.stderr.trim()}); run git init there, or use --state dir:<path>`);
            }
            const [commonDir, format] = result.stdout.split('\n');
            return { commonDir: commonDir ?? '', hashBytes: oidBytes(format ?? '') };
        })();
        try {
            return await this.info;
        }
        catch (error) {
            this.info = null;
            throw error;
        }
    }
    async objectWriter() {
        if (this.writer === null) {
            await this.assertNotCheckedOut();
            this.writer = new GitObjectWriter(this.repoDir);
        }
        return this.writer;
    }
    /** Moving a checked-out branch would change the user's working tree under them. */
    async assertNotCheckedOut() {
        const head = await runGit(this.repoDir, ['symbolic-ref', '--quiet', 'HEAD']);
        if (head.code === 0 && head.stdout.trim() === this.ref) {
            throw new Error(`the state branch ${this.branch} is checked out in ${this.repoDir}; switch to another branch (git switch -) or choose another state branch`);
        }
    }
    /** The branch tip, resolved by git (loose, packed or reftable refs alike) in the reader process. */
    async readTip() {
        const tip = await this.reader.read(`${this.ref}^{commit}`);
        return tip?.oid ?? null;
    }
}
/**
 * The Sop-Runs trailer of a commit object, or null: the message must be exactly a one-line
 * subject, a blank line and the trailer, as this store writes it.
 */
function runsTrailer(commit) {
    const text = commit.toString('utf8');
    const message = text.slice(text.indexOf('\n\n') + 2).replace(/\n$/, '').split('\n');
    if (message.length !== 3 || message[1] !== '')
        return null;
    const match = RUNS_TRAILER_LINE.exec(message[2] ?? '');
    return match === null ? null : Number(match[1]);
}
function commitText(tree, parent, who, message, nowMs) {
    const stamp = `${who.name} <${who.email}> ${Math.floor(nowMs / 1000)} +0000`;
    const body = message.replace(/\r/g, '').trimEnd();
    return `tree ${tree}\n${parent === null ? '' : `parent ${parent}\n`}author ${stamp}\ncommitter ${stamp}\n\n${body}\n`;
}
function clean(value) {
    const cleaned = value?.replace(/[<>\n\r]/g, '').trim();
    return cleaned === undefined || cleaned === '' ? undefined : cleaned;
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

// EXTERNAL MODULE: ./src/engine/state-format.ts
var state_format = __webpack_require__(8727);
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
        await deps.recordChannel(snapshot, def, { type: 'channel_opened', at: deps.now().toISOString(), channel: 'issue', number: issue, step: state.current_step });
        return issue;
    }
    if (change.gateOpened && waiting)
        await commentOnIssue(gh, repo, issue, (0,render/* renderGateComment */.LO)(def, state, deps.render));
    const ended = state_format/* TERMINAL_STATUSES */.C.includes(state.status);
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
        // A new wait reopens an issue someone closed while a step ran.
        ...(waiting && change.gateOpened ? { state: 'open' } : {}),
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

// EXTERNAL MODULE: ./src/github/codeowners.ts
var codeowners = __webpack_require__(3506);
// EXTERNAL MODULE: ./src/github/codeowners-source.ts
var codeowners_source = __webpack_require__(3766);
// EXTERNAL MODULE: ./src/github/api-error.ts
var api_error = __webpack_require__(3660);
;// CONCATENATED MODULE: ./src/github/pull-channel.ts
// The pull-request approval channel's REST calls (SPEC 5.3): open, update, check, fetch reviews of, and close approval PRs.

/**
 * Branch, commit, PR, reviewers: 4 REST calls (3 without reviewers to request). Requesting
 * reviewers can fail for a listed approver who is not a collaborator; the PR stays open and
 * the problem is returned, since anyone eligible may still review it.
 */
async function openApprovalPull(gh, repo, req) {
    const createRef = () => gh.rest.git.createRef({ ...repo, ref: `refs/heads/${req.branch}`, sha: req.baseSha });
    try {
        await createRef();
    }
    catch (error) {
        if ((0,api_error/* errorStatus */.PO)(error) !== 422)
            throw error;
        // The branch exists but no PR was recorded: an earlier attempt stopped half-way. Start clean.
        await deleteBranchIfPresent(gh, repo, req.branch);
        await createRef();
    }
    const { data: put } = await gh.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: req.path,
        branch: req.branch,
        message: req.message,
        content: Buffer.from(req.content, 'utf8').toString('base64'),
    });
    const headSha = put.commit.sha;
    if (!headSha)
        throw new Error(`GitHub did not return the commit that added ${req.path}`);
    const { data: pull } = await gh.rest.pulls.create({ ...repo, title: req.title, head: req.branch, base: req.base, body: req.body });
    const opened = { number: pull.number, branch: req.branch, headSha, base: req.base };
    const users = req.reviewers.filter((r) => !r.startsWith('@'));
    const teams = req.reviewers.filter((r) => r.startsWith('@')).map((t) => t.slice(t.indexOf('/') + 1));
    if (users.length === 0 && teams.length === 0)
        return opened;
    try {
        await gh.rest.pulls.requestReviewers({ ...repo, pull_number: pull.number, reviewers: users, team_reviewers: teams });
    }
    catch (error) {
        if ((0,api_error/* errorStatus */.PO)(error) !== 422)
            throw error;
        opened.reviewersProblem = `could not request reviews from ${req.reviewers.join(', ')} on #${pull.number}: ${error.message.split('\n')[0]} (only collaborators and teams with access can be asked; everyone eligible may still review)`;
    }
    return opened;
}
/**
 * A branch left by an earlier attempt that stopped half-way (no PR recorded): delete it so the
 * gate's PR starts clean. Returns true when there was one.
 */
async function deleteBranchIfPresent(gh, repo, branch) {
    try {
        await gh.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
        return true;
    }
    catch (error) {
        const status = (0,api_error/* errorStatus */.PO)(error);
        if (status === 422 || status === 404)
            return false;
        throw error;
    }
}
async function updatePullBody(gh, repo, pullNumber, body) {
    await gh.rest.pulls.update({ ...repo, pull_number: pullNumber, body });
}
/** The last comment, closed without merging, branch deleted: 3 REST calls. */
async function closeApprovalPull(gh, repo, pull, comment) {
    await gh.rest.issues.createComment({ ...repo, issue_number: pull.number, body: comment });
    await gh.rest.pulls.update({ ...repo, pull_number: pull.number, state: 'closed' });
    await deleteBranchIfPresent(gh, repo, pull.branch);
}
async function reopenPull(gh, repo, pullNumber) {
    await gh.rest.pulls.update({ ...repo, pull_number: pullNumber, state: 'open' });
}
async function getPullFacts(gh, repo, pullNumber) {
    const { data } = await gh.rest.pulls.get({ ...repo, pull_number: pullNumber });
    return { number: data.number, state: data.state, headRef: data.head.ref, headSha: data.head.sha, baseRef: data.base.ref, commits: data.commits };
}
async function getReview(gh, repo, pullNumber, reviewId) {
    try {
        const { data } = await gh.rest.pulls.getReview({ ...repo, pull_number: pullNumber, review_id: reviewId });
        return {
            id: Number(data.id),
            login: data.user?.login ?? '',
            userType: data.user?.type ?? '',
            state: data.state,
            body: data.body,
            submittedAt: data.submitted_at ?? null,
            commitId: data.commit_id,
        };
    }
    catch (error) {
        if ((0,api_error/* errorStatus */.PO)(error) === 404)
            return null;
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/github/pull-render.ts

/** `sop-approvals/<run-id>/step-<N>`: one branch per gate, so each gate is its own PR. */
function approvalBranch(runId, step) {
    return `sop-approvals/${runId}/step-${step}`;
}
/** `.sop/approvals/<sop>/<run-id>-step-<N>.md`: the file the PR adds, so CODEOWNERS and review rules apply to it. */
function approvalFilePath(sopName, runId, step) {
    return `.sop/approvals/${sopName}/${runId}-step-${step}.md`;
}
function renderPullTitle(def, state) {
    const step = def.steps.find((s) => s.number === state.current_step);
    const what = state.waiting_for === 'confirmation' ? 'Confirm' : 'Approve';
    return `${what} ${def.name} step ${state.current_step}${step ? `: ${step.title}` : ''} (${state.run_id})`;
}
/** The approval file: what exactly is approved. It is committed once, when the gate opens. */
function renderApprovalFile(def, state, opts, owners) {
    return [
        `# ${renderPullTitle(def, state)}`,
        `SOP \`${def.name}\` (${state.sop.path}), run ${state.run_id}.`,
        renderPinned(state),
        renderPayload(state),
        withOwners((0,render/* renderCurrentGate */.zn)(def, state, opts) ?? '', state, owners),
        renderHowToAnswer(state),
        '### Progress of the run when this was opened',
        (0,render/* renderChecklist */.tt)(def, state),
    ].join('\n\n') + '\n';
}
/** The PR body: the run marker, the same facts as the file, and the run's progress (kept current). */
function renderPullBody(def, state, opts, owners) {
    const parts = [
        (0,render/* runMarker */.qW)(state.run_id),
        `## SOP \`${def.name}\`: run ${state.run_id}`,
        def.description,
        (0,render/* runSummary */.KL)(state),
        renderPinned(state),
        renderPayload(state),
    ];
    const gate = (0,render/* renderCurrentGate */.zn)(def, state, opts);
    if (gate)
        parts.push(withOwners(gate, state, owners), renderHowToAnswer(state));
    parts.push('### Steps', (0,render/* renderChecklist */.tt)(def, state));
    parts.push('---', 'This pull request is an approval request, not a change to merge: sop-engine closes it and deletes its branch once the step is decided. Pushing commits to it, or changing its base, makes it stop counting as an approval channel.');
    return parts.join('\n\n') + '\n';
}
/** Says who `codeowners` is, right under "Who may approve". */
function withOwners(gate, state, owners) {
    if (!owners || gate === '')
        return gate;
    const line = owners.ok
        ? `- **codeowners:** CODEOWNERS at the pinned commit gives \`${state.sop.path}\` to ${owners.approvers.map((a) => (a.startsWith('@') ? a : `@${a}`)).join(', ')}`
        : `- **codeowners:** ${owners.reason}`;
    return gate.replace(/^(- \*\*Who may (?:approve|confirm):\*\*.*)$/m, `$1\n${line}`);
}
function renderPinned(state) {
    return [
        '### What is pinned',
        `- **SOP file:** \`${state.sop.path}\``,
        `- **Commit:** ${state.sop.commit ?? 'none (started outside git)'}`,
        `- **SOP sha256:** \`${state.sop.sha256}\``,
    ].join('\n');
}
function renderPayload(state) {
    const json = JSON.stringify(state.payload, null, 2);
    const fence = '`'.repeat(Math.max(3, longestRun(json, '`') + 1));
    return `### Payload\n\n${fence}json\n${json}\n${fence}`;
}
function renderHowToAnswer(state) {
    const confirming = state.waiting_for === 'confirmation';
    const lines = ['### How to answer'];
    if (confirming) {
        lines.push('- **Approve** this pull request in a review, or comment `/done`: confirms the manual step is done');
    }
    else {
        lines.push('- **Approve** this pull request in a review, or comment `/approve`: approves the step');
    }
    lines.push('- **Request changes** in a review (your review text is the reason), or comment `/reject <reason>`: rejects the step; the run ends as rejected');
    lines.push('- A **comment** review or a conversation comment takes the commands `/approve`, `/done`, `/reject <reason>` and `/status` on its first line');
    lines.push('- **Closing** this pull request without merging rejects the step');
    return `${lines.join('\n')}\n\nApprovals given here and on the run's issue count together toward the approvals needed.`;
}
/** The last comment on an approval PR, when its gate is decided. */
function renderPullDecided(def, before, state) {
    const step = def.steps.find((s) => s.number === before);
    const head = `Step ${before}${step ? ` (${step.title})` : ''}`;
    const by = state.approvals.filter((a) => a.step === before && a.decision !== 'reject').map((a) => `@${a.by}`);
    const reason = state.reason ? `: ${state.reason}` : '.';
    let text;
    if (state.status === 'rejected')
        text = `${head} was **rejected**${reason}`;
    else if (state.status === 'timed_out')
        text = `${head} **timed out** waiting for approval${reason}`;
    else if (state.status === 'cancelled')
        text = `${head}: the run was **cancelled**${reason}`;
    else if (state.status === 'failed' && state.current_step === before)
        text = `${head} **failed**${reason}`;
    else
        text = `${head} was **${step?.command === null ? 'confirmed' : 'approved'}**${by.length ? ` by ${[...new Set(by)].join(', ')}` : ''}; run ${state.run_id} goes on.`;
    return `${text}\n\nThis approval request is done: sop-engine closes it without merging and deletes its branch.\n`;
}
function longestRun(text, ch) {
    let best = 0;
    let run = 0;
    for (const c of text) {
        run = c === ch ? run + 1 : 0;
        best = Math.max(best, run);
    }
    return best;
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/action/git.ts
// The one way the Action runs git in the job's checkout: never prompts, stdout returned as git wrote it.


const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
/** Runs git in `cwd` and returns its stdout untrimmed (a file's text must hash as stored); throws when git fails. */
async function git_git(cwd, args, options = {}) {
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', ...(options.noLazyFetch ? { GIT_NO_LAZY_FETCH: '1' } : {}) };
    const { stdout } = await run('git', args, { cwd, env, maxBuffer: 32 << 20 });
    return stdout;
}

;// CONCATENATED MODULE: ./src/action/pull-channel.ts





/** The default branch and its tip, from origin (git, so no REST call): the approval branch starts there. */
async function defaultBranchOf(workspace) {
    let out;
    try {
        out = await git_git(workspace, ['ls-remote', '--symref', 'origin', 'HEAD']);
    }
    catch (error) {
        throw new Error(`cannot read the default branch from origin (git ls-remote): ${error.message.split('\n')[0]}`);
    }
    const name = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(out)?.[1];
    const sha = /^([0-9a-f]{40,64})\s+HEAD$/m.exec(out)?.[1];
    if (!name || !sha)
        throw new Error(`origin did not say which branch is its default (git ls-remote --symref origin HEAD printed "${out.trim()}")`);
    return { name, sha };
}
/** Whom the PR asks for a review: the listed logins and teams (CODEOWNERS asks its owners by itself). */
function reviewersFor(def, state) {
    const listed = def.approval.approvers.filter((a) => a !== codeowners/* CODEOWNERS_ENTRY */.JD);
    const self = def.approval.allow_self_approval ? [] : [state.started_by.toLowerCase()];
    return (0,codeowners/* expandApprovers */.jD)(listed, []).filter((a) => !self.includes(a.toLowerCase()));
}
/**
 * Bring the run's approval PRs in line with its state: close the PR of every wait that is
 * decided (last comment, closed unmerged, branch deleted), open one for a wait that has none,
 * and keep the open one's progress current. Returns the open PR's number, if any.
 */
async function syncPulls(deps, snapshot, def, effects) {
    const state = snapshot.state;
    const pulls = { ...(state.channel?.pulls ?? {}) };
    const waiting = state.status === 'pending_approval' ? String(state.current_step) : null;
    let changed = false;
    for (const [step, pull] of Object.entries(pulls)) {
        if (!pull.open || step === waiting)
            continue;
        await closeApprovalPull(deps.gh, deps.repo, pull, renderPullDecided(def, Number(step), state));
        pulls[step] = { ...pull, open: false };
        changed = true;
    }
    let open = waiting !== null ? pulls[waiting] : undefined;
    if (waiting !== null && !open?.open) {
        open = await openPull(deps, state, def);
        pulls[waiting] = open;
        changed = true;
    }
    else if (open?.open && effects.some((e) => e.type === 'gate_progress')) {
        await updatePullBody(deps.gh, deps.repo, open.number, renderPullBody(def, state, deps.render, await codeownersNote(deps, state, def)));
    }
    if (changed)
        await recordPulls(deps, snapshot, def, pulls);
    return open?.open ? open.number : null;
}
async function openPull(deps, state, def) {
    const step = state.current_step;
    const base = await defaultBranchOf(deps.workspace);
    const branch = approvalBranch(state.run_id, step);
    const owners = await codeownersNote(deps, state, def);
    if (owners && !owners.ok)
        deps.warn(`run ${state.run_id}, step ${step}: ${owners.reason}. Until it is fixed only other listed approvers can approve.`);
    const opened = await openApprovalPull(deps.gh, deps.repo, {
        base: base.name,
        baseSha: base.sha,
        branch,
        path: approvalFilePath(state.sop_name, state.run_id, step),
        content: renderApprovalFile(def, state, deps.render, owners),
        message: `sop(${state.run_id}): approval request for step ${step}`,
        title: renderPullTitle(def, state),
        body: renderPullBody(def, state, deps.render, owners),
        reviewers: reviewersFor(def, state),
    });
    if (opened.reviewersProblem)
        deps.warn(opened.reviewersProblem);
    return { number: opened.number, branch, head_sha: opened.headSha, base: base.name, open: true };
}
/** Who `codeowners` stands for (read with git at the pinned commit), or undefined when the SOP does not name it. */
async function codeownersNote(deps, state, def) {
    if (!(0,codeowners/* namesCodeowners */.o2)(def.approval.approvers))
        return undefined;
    const owners = await (0,codeowners_source.ownersAtPin)(deps.workspace, state.sop);
    return owners.ok ? { ok: true, approvers: owners.approvers } : owners;
}
/**
 * Record the PRs this sync opened and closed in the run's state through the engine's channel
 * events, applied by the runner (one writer).
 */
async function recordPulls(deps, snapshot, def, pulls) {
    const at = deps.now().toISOString();
    const state = snapshot.state;
    // Each record lands on the one before it, so none re-reads the run.
    let last = snapshot;
    for (const [step, pull] of Object.entries(pulls)) {
        const known = state.channel?.pulls?.[step];
        if (pull.open && !(known?.open && known.number === pull.number)) {
            last = await deps.recordChannel(last, def, {
                type: 'channel_opened', at, channel: 'pull-request', number: pull.number, step: Number(step), branch: pull.branch, head_sha: pull.head_sha, base: pull.base,
            });
        }
        else if (!pull.open && known?.open && known.number === pull.number) {
            last = await deps.recordChannel(last, def, { type: 'channel_closed', at, number: pull.number, step: Number(step) });
        }
    }
}

// EXTERNAL MODULE: ./src/github/eligibility.ts
var github_eligibility = __webpack_require__(1390);
;// CONCATENATED MODULE: ./src/github/pull-match.ts
/**
 * Null when `seen` is the approval PR of the run's current wait, exactly as created (same branch,
 * base and single commit); otherwise the reason, for a reply. Unknown facts are not judged here:
 * the caller fetches the PR first when the event did not carry them.
 */
function pullChannelProblem(state, seen) {
    const pulls = state.channel?.pulls ?? {};
    const mine = Object.entries(pulls).find(([, p]) => p.number === seen.number);
    if (!mine)
        return `#${seen.number} is not an approval pull request of run ${state.run_id}`;
    const [step, pull] = mine;
    const current = pulls[String(state.current_step)];
    if (state.status !== 'pending_approval' || Number(step) !== state.current_step || !pull.open || current?.number !== seen.number) {
        const now = current?.open && state.status === 'pending_approval' ? `; step ${state.current_step} waits on #${current.number}` : '';
        return `#${seen.number} was the approval pull request of step ${step} of run ${state.run_id}, which is decided${now}`;
    }
    return tampered(pull, seen);
}
function tampered(pull, seen) {
    const changed = [];
    if (seen.headRef !== undefined && seen.headRef !== pull.branch)
        changed.push(`its branch is ${seen.headRef}, not ${pull.branch}`);
    if (seen.baseRef !== undefined && seen.baseRef !== pull.base)
        changed.push(`it targets ${seen.baseRef}, not ${pull.base}`);
    if (seen.headSha !== undefined && seen.headSha !== pull.head_sha) {
        changed.push(`its head is ${seen.headSha.slice(0, 12)}, not the commit sop-engine made (${pull.head_sha.slice(0, 12)}): someone pushed to it`);
    }
    if (changed.length === 0)
        return null;
    return `#${pull.number} no longer matches the approval request sop-engine opened (${changed.join('; ')}), so it is not an approval channel any more; to decide the step, ask a maintainer to restore it or use the workflow's approve/reject dispatch`;
}

;// CONCATENATED MODULE: ./src/github/workflow-runs.ts
// Workflow runs through the REST API: when a dispatch decision was issued (SPEC 3.1), who started a run, whether a runner is gone.

/**
 * Attempt 1 of workflow run `runId` (`GET …/actions/runs/{id}/attempts/1`): its time, actor and status.
 * Fails closed: an API error is thrown with what to do, never taken as "no such run".
 */
async function firstAttempt(gh, repo, runId) {
    try {
        const { data } = await gh.rest.actions.getWorkflowRunAttempt({ ...repo, run_id: runId, attempt_number: 1 });
        return {
            id: data.id,
            createdAt: new Date(data.created_at).toISOString(),
            status: data.status ?? null,
            conclusion: data.conclusion ?? null,
            actor: data.actor?.login ?? null,
            triggeringActor: data.triggering_actor?.login ?? null,
            event: data.event,
        };
    }
    catch (error) {
        throw new api_error/* GitHubApiError */.OS(`Could not read workflow run ${runId} of ${repo.owner}/${repo.repo}: ${(0,api_error/* errorText */.kc)(error)}. Nothing was changed; re-run the workflow once GitHub answers (the token needs actions: read).`, { status: (0,api_error/* errorStatus */.PO)(error), cause: error });
    }
}
/**
 * Why the workflow run that claimed a step is gone (its latest attempt completed), or null while it is
 * queued or in progress: one REST call, made only when an event meets a run that is `running`.
 */
async function workflowRunGone(gh, repo, runId) {
    try {
        const { data } = await gh.rest.actions.getWorkflowRun({ ...repo, run_id: runId });
        if (data.status !== 'completed')
            return null;
        return `workflow run ${runId} has ${data.conclusion === 'cancelled' ? 'been cancelled' : `completed (${data.conclusion ?? 'no conclusion'})`}`;
    }
    catch (error) {
        if ((0,api_error/* errorStatus */.PO)(error) === 404)
            return `workflow run ${runId} no longer exists`;
        throw new api_error/* GitHubApiError */.OS(`Could not read workflow run ${runId}: ${(0,api_error/* errorText */.kc)(error)}. Nothing was changed; re-run the workflow once GitHub answers.`, {
            status: (0,api_error/* errorStatus */.PO)(error),
            cause: error,
        });
    }
}

;// CONCATENATED MODULE: ./src/action/workspace.ts
// The job's checkout: HEAD, and moving it to the commit a run is pinned to before a resumed step.


async function workspaceHead(cwd) {
    try {
        return (await git_git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
    }
    catch {
        return null;
    }
}
async function hasCommit(cwd, sha) {
    try {
        // In a partial clone (the state branch makes the checkout one) git would fetch a missing
        // commit by itself, with all its history; the fetch below takes only that commit.
        await git_git(cwd, ['cat-file', '-e', `${sha}^{commit}`], { noLazyFetch: true });
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
            await git_git(cwd, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
        }
        catch (error) {
            throw new errors/* UserError */.y(`cannot fetch commit ${sha} that this run is pinned to: ${error.message.split('\n')[0]}; the approval covers that exact commit, so the step will not run on another one`);
        }
    }
    try {
        await git_git(cwd, ['checkout', '--quiet', '--detach', sha]);
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
    switch (req.kind) {
        case 'execute':
            return handle_execute(deps, req);
        case 'sweep': {
            await sync(deps);
            return { runs: await sweep(deps) };
        }
        case 'status':
            if (req.commentId === null)
                return statusFromInputs(deps, req);
            return command(deps, req);
        case 'command':
            return command(deps, req);
    }
}
async function handle_execute(deps, req) {
    await sync(deps);
    const runs = [];
    let failure;
    const head = (await workspaceHead(deps.env.workspace)) ?? deps.env.sha;
    const runOfThisWorkflow = workflowRunId(deps);
    for (const name of req.sops) {
        // Only this SOP is parsed in full; the others' frontmatter is read to find it by name.
        const found = await deps.sops.load(name);
        if (!found.ok)
            throw new errors/* UserError */.y(found.error);
        const { def, source } = found.sop;
        const outcome = await startRun(deps.runner, {
            def,
            source,
            payload: req.payload,
            startedBy: req.startedBy,
            trigger: req.trigger,
            commit: head,
            ...(runOfThisWorkflow === null ? {} : { workflowRunId: runOfThisWorkflow }),
        });
        core/* info */.pq(`Run ${outcome.state.run_id} of ${def.name}: ${outcome.state.status}`);
        runs.push({ state: outcome.state, def });
        if (outcome.state.status === 'failed' || outcome.state.status === 'timed_out') {
            failure = `run ${outcome.state.run_id} ${outcome.state.status}: ${outcome.state.reason ?? ''}`;
        }
    }
    if (req.sweepAfter)
        runs.push(...(await sweep(deps)));
    return failure ? { runs, failure } : { runs };
}
/** `command: status` from the workflow's inputs: print the run's status to the log. */
async function statusFromInputs(deps, req) {
    await sync(deps);
    const snap = await requireRun(deps.store, req.runId);
    const def = pinnedDefinition(snap);
    core/* info */.pq((0,render/* renderStatus */.LG)(def, snap.state, { serverUrl: deps.env.serverUrl, repo: deps.env.repository, stateBranch: deps.inputs.stateBranch }));
    return { runs: [{ state: snap.state, def }] };
}
function workflowRunId(deps) {
    const id = Number(deps.env.runId);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
}
async function sweep(deps) {
    // The runner parses each swept run's pinned SOP to decide; keep that definition for the summary.
    const defs = new Map();
    const runner = afterEachTransition(deps.runner, (_decided, snapshot, def) => {
        defs.set(snapshot.state.run_id, def);
    });
    const ended = await sweepRuns(runner);
    for (const s of ended)
        core/* info */.pq(`Run ${s.run_id} timed out: ${s.reason ?? ''}`);
    return ended.map((state) => ({ state, def: defs.get(state.run_id) }));
}
/** The runner with `extra` called after every committed transition, before the hooks it already had. */
function afterEachTransition(runner, extra) {
    const hooks = runner.hooks ?? {};
    return {
        ...runner,
        hooks: {
            ...hooks,
            async afterTransition(decided, snapshot, def) {
                await extra(decided, snapshot, def);
                return hooks.afterTransition?.(decided, snapshot, def);
            },
        },
    };
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
        core/* warning */.$e(`sop-engine: could not add the ${content} reaction to comment ${commentId}: ${(0,errors/* errorMessage */.g)(error)}`);
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
    return afterEachTransition(runner, async (decided) => {
        if (!done && decided.effects.some((e) => e.type === 'accepted')) {
            done = true;
            await acknowledge(gh, repo, commentId, '+1');
        }
    });
}
/** Is `number` one of the run's own threads (its issue or one of its approval PRs)? Rule 5. */
function isRunThread(state, number) {
    const channel = state.channel;
    if (!channel)
        return false;
    if (channel.issue_number === number)
        return true;
    return Object.values(channel.pulls ?? {}).some((p) => p.number === number);
}
/** Why a comment's thread is not the run's own (a copied marker), or undefined when it is. */
function wrongThread(state, req) {
    if (req.issueNumber === null || isRunThread(state, req.issueNumber))
        return undefined;
    const own = state.channel?.issue_number;
    return {
        rule: 5,
        reason: own === undefined
            ? `#${req.issueNumber} is not a thread of run ${req.runId}: the run has no issue recorded, so commands on copies of its marker do not count`
            : `#${req.issueNumber} is not the issue of run ${req.runId} (that is #${own})`,
    };
}
/** When the decision was issued: the event's own time, or for a dispatch its workflow run's first attempt. */
async function issuedAt(deps, gh, req) {
    if (req.issuedAt !== null)
        return req.issuedAt;
    const runId = Number(deps.env.runId);
    if (!Number.isSafeInteger(runId) || runId <= 0) {
        throw new errors/* UserError */.y(`GITHUB_RUN_ID "${deps.env.runId}" is not a workflow run id; a dispatch decision is bound to its workflow run's time`);
    }
    return (await firstAttempt(gh, deps.env.repo, runId)).createdAt;
}
async function command(deps, req) {
    const gh = needGitHub(deps);
    const { repo } = deps.env;
    const viaComment = req.commentId !== null;
    // Bots are ignored silently (rule 1): no reaction, no reply, no audit event, so no loops.
    if ((0,github_eligibility/* isBot */.w2)(req.actor.login, req.actor.type)) {
        core/* notice */.lm(`sop-engine: ignored a command from bot ${req.actor.login}`);
        return { runs: [] };
    }
    if (req.commentId !== null)
        await acknowledge(gh, repo, req.commentId, 'eyes');
    await sync(deps);
    // Nothing on the state branch is believed unchecked: a run that fails its chain or state hash is refused here.
    const snap = await getVerified(deps.store, req.runId);
    const name = req.kind === 'status' ? 'status' : req.command;
    if (!snap) {
        const reason = `run ${req.runId} is not on the ${deps.inputs.stateBranch} branch; nothing to ${name}`;
        if (req.issueNumber !== null)
            await commentOnIssue(gh, repo, req.issueNumber, (0,render/* renderRefusal */.$W)('state', reason));
        return { runs: [], failure: viaComment ? undefined : reason };
    }
    const def = pinnedDefinition(snap);
    const state = snap.state;
    const pull = req.kind === 'command' ? req.pull : undefined;
    // Closing a PR that is no longer the gate's channel (the engine closing a decided gate's PR with
    // a personal token, or someone closing an old one) decides nothing: no reply, no audit event.
    if (req.kind === 'command' && req.via === 'pull_request' && pull && pullChannelProblem(state, { number: pull.number }) !== null) {
        core/* notice */.lm(`sop-engine: #${pull.number} is not the open approval pull request of run ${req.runId}; closing it changes nothing`);
        return { runs: [{ state, def }] };
    }
    // `codeowners` stands for the owners CODEOWNERS gives the SOP file at the pinned commit.
    const owners = (0,codeowners/* namesCodeowners */.o2)(def.approval.approvers) ? await (0,codeowners_source.ownersAtPin)(deps.env.workspace, state.sop) : null;
    const eligibility = await (0,github_eligibility/* checkEligibility */.wT)(gh, repo, {
        login: req.actor.login,
        userType: req.actor.type,
        approverPermission: deps.inputs.approverPermission,
        approvers: def.approval.approvers,
        ...(owners ? { codeowners: owners.ok ? owners.approvers : [] } : {}),
    });
    if (!eligibility.ok && eligibility.silent)
        return { runs: [] };
    const refusal = eligibility.ok
        ? null
        : {
            rule: eligibility.rule,
            reason: owners && !owners.ok && eligibility.rule === 3 ? `${eligibility.reason} ${owners.reason}.` : eligibility.reason,
        };
    const wrong = pull ? await pullProblem(gh, deps, pull, state) : wrongThread(state, req);
    // An approving review on a manual step's wait confirms it: the review is how a PR says "done".
    const confirms = pull?.reviewApproved === true && state.status === 'pending_approval' && state.waiting_for === 'confirmation';
    // /status answers anyone allowed to act on the run, and changes nothing; from anyone else it is a
    // refusal like any other command, answered and audited once per person and wait.
    const statusOk = req.kind === 'status' && (eligibility.ok || eligibility.rule === 3) && wrong === undefined;
    if (statusOk)
        return handle_status(deps, gh, req, snap, def);
    const event = {
        type: 'command',
        command: req.kind === 'status' ? 'status' : confirms ? 'done' : req.command,
        by: req.actor.login,
        at: deps.runner.now().toISOString(),
        issued_at: await issuedAt(deps, gh, req),
        via: req.kind === 'status' ? 'issue_comment' : req.via,
        ref: req.kind === 'status' ? `comment:${req.commentId ?? 0}` : req.ref,
        ...(req.kind === 'command' && req.step !== undefined ? { step: req.step } : {}),
        ...(req.kind === 'command' && req.comment !== undefined ? { comment: req.comment } : {}),
        ...(req.kind === 'command' && req.reason !== undefined ? { reason: req.reason } : {}),
        ...(req.kind === 'command' && req.runIdGiven !== undefined ? { run_id_given: req.runIdGiven } : {}),
        ...(eligibility.ok ? { teams: eligibility.teams } : refusal ? { precheck: refusal } : {}),
        ...(eligibility.ok && wrong ? { precheck: wrong } : {}),
    };
    const outcome = await runCommand(acknowledgeOnAccept(deps.runner, gh, repo, req.commentId), req.runId, event, snap, def);
    // The outcome already holds what the channel hooks recorded after the last transition (e.g. the issue number).
    const touched = [{ state: outcome.state, def: outcome.def }];
    if (outcome.duplicate) {
        core/* notice */.lm(`sop-engine: ${event.ref} was already processed; nothing changed`);
        return { runs: touched };
    }
    if (outcome.refused) {
        const closedByHand = req.kind === 'command' && req.via === 'issues';
        if (req.issueNumber !== null && !outcome.refused.repeat) {
            const text = (0,render/* renderRefusal */.$W)(outcome.refused.rule === 'state' ? 'state' : Number(outcome.refused.rule), outcome.refused.reason);
            await commentOnIssue(gh, repo, req.issueNumber, `@${req.actor.login} ${text}`);
        }
        if (closedByHand && req.issueNumber !== null && !isTerminal(outcome.state.status)) {
            // The close did not count: reopen, so the run's issue stays where people answer it.
            await gh.rest.issues.update({ ...repo, issue_number: req.issueNumber, state: 'open' });
        }
        const pullClosed = req.kind === 'command' && req.via === 'pull_request';
        if (pullClosed && pull && !isTerminal(outcome.state.status) && isOpenChannel(outcome.state, pull)) {
            // Likewise for the gate's approval PR: closed by someone who may not decide, it opens again.
            await reopenPull(gh, repo, pull.number);
        }
        core/* warning */.$e(`sop-engine: ${name} by ${req.actor.login} refused: ${outcome.refused.reason}`);
        const quiet = viaComment || closedByHand || pull !== undefined;
        return { runs: touched, ...(quiet ? {} : { failure: `refused: ${outcome.refused.reason}` }) };
    }
    const ended = outcome.state.status;
    const failure = ended === 'failed' ? `run ${outcome.state.run_id} failed: ${outcome.state.reason ?? ''}` : undefined;
    return failure ? { runs: touched, failure } : { runs: touched };
}
async function handle_status(deps, gh, req, snap, def) {
    const text = (0,render/* renderStatus */.LG)(def, snap.state, {
        serverUrl: deps.env.serverUrl,
        repo: deps.env.repository,
        stateBranch: deps.inputs.stateBranch,
    });
    if (req.issueNumber !== null)
        await commentOnIssue(gh, deps.env.repo, req.issueNumber, text);
    else
        core/* info */.pq(text);
    return { runs: [{ state: snap.state, def }] };
}
/** The PR is the current wait's approval PR as recorded (so reopening it puts the channel back). */
function isOpenChannel(state, pull) {
    return pullChannelProblem(state, { number: pull.number }) === null;
}
/**
 * Rule 5 for a command from an approval PR: a PR other than the current wait's, or one someone
 * changed (pushed to, retargeted), is refused. A PR conversation comment does not carry the PR's
 * head and base: one GET fetches them.
 */
async function pullProblem(gh, deps, pull, state) {
    let problem = pullChannelProblem(state, { number: pull.number });
    if (problem === null) {
        const known = pull.headRef !== undefined && pull.headSha !== undefined && pull.baseRef !== undefined;
        const seen = known ? pull : await getPullFacts(gh, deps.env.repo, pull.number);
        problem = pullChannelProblem(state, { number: pull.number, headRef: seen.headRef, headSha: seen.headSha, baseRef: seen.baseRef });
    }
    return problem === null ? undefined : { rule: 5, reason: problem };
}

// EXTERNAL MODULE: ./src/github/parse-command.ts
var parse_command = __webpack_require__(1880);
;// CONCATENATED MODULE: ./src/github/review-ref.ts


/** The review id of a `review:<id>` ref, or null for another kind of ref. */
function reviewIdOf(ref) {
    const m = /^review:(\d+)$/.exec(ref);
    return m?.[1] ? Number(m[1]) : null;
}
/**
 * Null when GitHub still holds the review as it was counted: same author, a state that gives
 * this decision, submitted when recorded (`approval.at` is the issue time), on the exact commit the engine made for the approval
 * PR. Otherwise why the approval no longer stands. One REST call; API errors propagate (fail closed).
 */
async function verifyReviewApproval(gh, repo, state, approval) {
    const id = reviewIdOf(approval.ref);
    if (id === null)
        return `${approval.ref} is not a review ref`;
    const pull = state.channel?.pulls?.[String(approval.step)];
    if (!pull)
        return `review ${id} counted for step ${approval.step}, but the run records no approval pull request for that step`;
    const review = await getReview(gh, repo, pull.number, id);
    if (review === null)
        return `review ${id} on #${pull.number} no longer exists`;
    if (review.login.toLowerCase() !== approval.by.toLowerCase())
        return `review ${id} on #${pull.number} is by @${review.login}, not @${approval.by}`;
    const command = review.state === 'COMMENTED' ? (0,parse_command/* parseCommand */.R)(review.body)?.command : undefined;
    const gives = review.state === 'APPROVED' || command === 'approve' || command === 'done';
    if (approval.decision !== 'reject' && !gives)
        return `review ${id} on #${pull.number} is now ${review.state.toLowerCase()}, not an approval`;
    if (review.submittedAt === null || Date.parse(review.submittedAt) !== Date.parse(approval.at)) {
        return `review ${id} on #${pull.number} was submitted at ${review.submittedAt ?? 'no time'}, not ${approval.at}`;
    }
    if (review.commitId !== null && review.commitId !== pull.head_sha) {
        return `review ${id} on #${pull.number} was given on commit ${review.commitId.slice(0, 12)}, not on the approval request sop-engine made (${pull.head_sha.slice(0, 12)})`;
    }
    return null;
}

;// CONCATENATED MODULE: ./src/action/verify-gate.ts
// Before a gated step runs in Actions: re-establish every fact its gate depends on from GitHub and git, not from the state branch (SPEC 4).







const verify_gate_sameLogin = (a, b) => (a ?? '').toLowerCase() === b.toLowerCase();
const sameTime = (a, b) => a != null && Date.parse(a) === Date.parse(b);
/** API errors other than "gone" are thrown: the step never runs on facts GitHub could not confirm. */
function failClosed(what, error) {
    throw new api_error/* GitHubApiError */.OS(`${what}: ${(0,api_error/* errorText */.kc)(error)}. The step did not run; re-run the workflow once GitHub answers.`, {
        status: (0,api_error/* errorStatus */.PO)(error),
        cause: error,
    });
}
const fromComment = async ({ gh, repo }, state, approval, id) => {
    let comment;
    try {
        ({ data: comment } = await gh.rest.issues.getComment({ ...repo, comment_id: Number(id) }));
    }
    catch (error) {
        if ((0,api_error/* errorStatus */.PO)(error) === 404)
            return `comment ${id} no longer exists (deleted?)`;
        failClosed(`Could not re-read comment ${id}`, error);
    }
    if (!verify_gate_sameLogin(comment.user?.login, approval.by))
        return `comment ${id} was written by ${comment.user?.login ?? 'nobody'}, not ${approval.by}`;
    if (comment.user?.type === 'Bot')
        return `comment ${id} was written by a bot`;
    if (!sameTime(comment.created_at, approval.at))
        return `comment ${id} was created at ${comment.created_at}, not ${approval.at}`;
    const parsed = (0,parse_command/* parseCommand */.R)(comment.body ?? '');
    if (parsed?.command !== approval.decision)
        return `comment ${id} does not say /${approval.decision}`;
    const thread = Number(/\/issues\/(\d+)$/.exec(comment.issue_url)?.[1]);
    const threads = [state.channel?.issue_number, ...Object.values(state.channel?.pulls ?? {}).map((p) => p.number)];
    if (!threads.includes(thread))
        return `comment ${id} is on #${thread}, which is not a thread of run ${state.run_id}`;
    return null;
};
const fromDispatch = async ({ gh, repo }, _state, approval, id) => {
    const facts = await firstAttempt(gh, repo, Number(id));
    if (facts.event !== 'workflow_dispatch')
        return `workflow run ${id} was started by ${facts.event}, not workflow_dispatch`;
    if (!verify_gate_sameLogin(facts.triggeringActor ?? facts.actor, approval.by))
        return `workflow run ${id} was dispatched by ${facts.triggeringActor ?? facts.actor ?? 'nobody'}, not ${approval.by}`;
    if (!sameTime(facts.createdAt, approval.at))
        return `workflow run ${id} was created at ${facts.createdAt}, not ${approval.at}`;
    return null;
};
/** The pull-request channel's reviews: author, state, time and the exact commit the engine made. */
const fromReview = async ({ gh, repo }, state, approval) => verifyReviewApproval(gh, repo, state, approval);
const APPROVAL_FETCHERS = {
    comment: fromComment,
    dispatch: fromDispatch,
    review: fromReview,
};
/** The approvals that passed the wait just before `step` (the run's last wait). */
function countedApprovals(state, step) {
    return state.approvals.filter((a) => a.wait === state.waits && a.step === step && a.decision !== 'reject');
}
/** The pinned file at the pinned commit must be the text the run pinned, and the commit must be on the default branch. */
async function checkPinned(deps, state) {
    const { commit, path, sha256 } = state.sop;
    if (commit === null)
        return 'the run records no pinned commit, so the approved text cannot be checked against the repository';
    let text;
    try {
        text = await git_git(deps.workspace, ['show', `${commit}:${path}`]);
    }
    catch {
        return `${path} does not exist at the pinned commit ${commit}`;
    }
    const actual = (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
    if (actual !== sha256)
        return `${path} at the pinned commit ${commit} has sha256 ${actual}, not the pinned ${sha256}`;
    if (commit === deps.defaultTip)
        return null;
    if (deps.defaultBranch === null)
        return `the event does not name the default branch, so commit ${commit} cannot be checked against it`;
    let status;
    try {
        ({ data: { status } } = await deps.gh.rest.repos.compareCommitsWithBasehead({ ...deps.repo, basehead: `${deps.defaultBranch}...${commit}`, per_page: 1 }));
    }
    catch (error) {
        if ((0,api_error/* errorStatus */.PO)(error) === 404)
            return `the pinned commit ${commit} is not in ${deps.repo.owner}/${deps.repo.repo}`;
        failClosed(`Could not compare the pinned commit ${commit} with ${deps.defaultBranch}`, error);
    }
    // `behind` / `identical`: every change of the pinned commit is already on the default branch.
    if (status !== 'behind' && status !== 'identical')
        return `the pinned commit ${commit} is not on ${deps.defaultBranch} (compare: ${status})`;
    return null;
}
/** The starter, re-read from the workflow run that started the run (rule 4 depends on it). */
async function checkStarter(deps, state) {
    if (state.workflow_run_id === undefined) {
        return `run ${state.run_id} records no workflow run that started it, so its starter (${state.started_by}) cannot be re-established and self-approval cannot be ruled out`;
    }
    const facts = await firstAttempt(deps.gh, deps.repo, state.workflow_run_id);
    if (state.started_by === 'schedule')
        return facts.event === 'schedule' ? null : `workflow run ${facts.id} was a ${facts.event}, not a schedule`;
    const starter = facts.triggeringActor ?? facts.actor;
    return verify_gate_sameLogin(starter, state.started_by) ? null : `workflow run ${facts.id} was started by ${starter ?? 'nobody'}, not ${state.started_by}`;
}
/**
 * Throws a UserError naming every fact that does not hold; the step then does not run. Costs one call per
 * counted approval, one for the starter (only when self-approval is off) and at most one for the commit.
 */
async function verifyGateFacts(deps, state, def, step, fetchers = APPROVAL_FETCHERS) {
    const problems = [];
    const approvals = countedApprovals(state, step);
    const people = new Set(approvals.map((a) => a.by.toLowerCase())).size;
    if (people < def.approval.min_approvals) {
        problems.push(`the state records approvals by ${people} distinct people for step ${step}, but approval.min_approvals is ${def.approval.min_approvals}`);
    }
    for (const approval of approvals) {
        const colon = approval.ref.indexOf(':');
        const kind = colon < 0 ? approval.ref : approval.ref.slice(0, colon);
        const fetcher = fetchers[kind];
        const why = fetcher
            ? await fetcher(deps, state, approval, approval.ref.slice(colon + 1))
            : `it came from ${kind}, which cannot be checked on GitHub (approve on the run's issue or pull request instead)`;
        if (why !== null)
            problems.push(`the approval by ${approval.by} (${approval.ref}) does not hold: ${why}`);
    }
    if (!def.approval.allow_self_approval) {
        const why = await checkStarter(deps, state);
        if (why !== null)
            problems.push(why);
    }
    const pinned = await checkPinned(deps, state);
    if (pinned !== null)
        problems.push(pinned);
    if (problems.length > 0) {
        throw new errors/* UserError */.y(`step ${step} of ${state.run_id} was not run: what its gate depends on could not be confirmed on GitHub (${problems.join('; ')}). Run \`sop verify ${state.run_id}\` and look at the state branch's history.`);
    }
}

;// CONCATENATED MODULE: ./src/action/run-session.ts
// The Action's requests that move runs (execute, sweep, status, commands): the state store, runner, executor and issue channel.
// main.ts loads this module with import() only for those requests, so list, validate and ignored events never evaluate it.
















async function openRunSession({ inputs, env, io, sops, problems }) {
    // The REST client is its own chunk: a request that moves runs still loads it only with a token.
    const gh = inputs.githubToken
        ? (await Promise.all(/* import() */[__webpack_require__.e(392), __webpack_require__.e(702)]).then(__webpack_require__.bind(__webpack_require__, 6702))).createOctokit({ token: inputs.githubToken, baseUrl: env.apiUrl, log: { warn: (m) => core/* warning */.$e(m) }, ...apiTuning(io.env) })
        : null;
    const store = new GitStore({ repoDir: env.workspace, branch: inputs.stateBranch, remote: 'origin', partialFetch: true });
    const channel = gh
        ? {
            gh,
            repo: env.repo,
            // The hook that records knows the run as just committed and its pinned SOP: no read, no parse.
            recordChannel: async (snapshot, def, event) => (await applyEvent(runner, snapshot.state.run_id, event, def, snapshot)).snapshot,
            render: {
                serverUrl: env.serverUrl,
                repo: env.repository,
                stateBranch: inputs.stateBranch,
                approverPermission: inputs.approverPermission,
            },
            now: env.now,
            defaultChannel: inputs.approvalChannel,
            knownLabels: knownLabelsOf(env.payload),
        }
        : null;
    const runner = {
        store,
        execute: runStep,
        cwd: env.workspace,
        env: io.env,
        ...(inputs.githubToken ? { githubToken: inputs.githubToken } : {}),
        now: env.now,
        random: io.random,
        ...runnerIdentity(env, gh),
        hooks: actionHooks(env, channel, problems),
    };
    return {
        handle: (request) => handle({ inputs, env, sops, store, runner, gh }, request),
        apiCalls: () => (gh ? `GitHub API: ${gh.counts.calls} call(s), ${gh.counts.http} HTTP request(s)` : null),
        close: () => store.close(),
    };
}
/** Transitions that can open, update or close an approval PR. */
const PULL_EFFECTS = new Set(['gate_opened', 'gate_progress', 'run_ended', 'accepted']);
/** Step output, log groups and pinned checkout for the runner; the issue or approval PRs kept current for the channel. */
function actionHooks(env, channel, problems) {
    let lastIssueWrite = env.now().getTime();
    const pullChannel = channel
        ? {
            gh: channel.gh,
            repo: channel.repo,
            recordChannel: channel.recordChannel,
            render: channel.render,
            now: channel.now,
            workspace: env.workspace,
            warn: (m) => core/* warning */.$e(m),
        }
        : null;
    return {
        onSecrets(pieces) {
            // ::add-mask:: for each line, so the live step output in the job log is masked too.
            for (const piece of pieces)
                core/* setSecret */.Pq(piece);
        },
        async beforeStep(state, step, def) {
            if (state.sop.commit) {
                const moved = await checkoutPinned(env.workspace, state.sop.commit);
                if (moved)
                    core/* info */.pq(moved);
            }
            // A gated step runs only on facts re-established from GitHub and git, never on the state branch alone.
            if ((0,gates/* gateBefore */.X)(def, step.number)) {
                if (!channel)
                    throw new errors/* UserError */.y(`step ${step.number} has an approval gate; its approvals can only be confirmed with the github-token input set`);
                const onDefault = env.defaultBranch !== null && env.ref === `refs/heads/${env.defaultBranch}`;
                await verifyGateFacts({ gh: channel.gh, repo: env.repo, workspace: env.workspace, defaultBranch: env.defaultBranch, defaultTip: onDefault ? env.sha : null }, state, def, step.number);
            }
            core/* startGroup */.Oh(`Step ${step.number}/${def.steps.length}: ${step.title}`);
        },
        onOutput(chunk) {
            process.stdout.write(chunk);
        },
        afterStep(_state, step, result) {
            if (!result.output.endsWith('\n') && result.output !== '')
                process.stdout.write('\n');
            core/* endGroup */.N4();
            const ok = result.exit_code === 0 && !result.timed_out && !result.error;
            const verdict = ok
                ? 'completed'
                : `failed (${result.error ?? (result.timed_out ? 'timed out' : `exit code ${result.exit_code}`)})`;
            core/* info */.pq(`Step ${step.number} ${verdict} in ${(result.duration_ms / 1000).toFixed(1)}s`);
        },
        async afterTransition(decided, snapshot, def) {
            if (!channel)
                return;
            // What the channel records lands on the run: the runner goes on from the last of it, without a re-read.
            let latest = snapshot;
            const recordChannel = async (...args) => (latest = await channel.recordChannel(...args));
            const effects = decided.effects;
            const what = issueUpdateFor(effects, env.now().getTime() - lastIssueWrite);
            const gateOpened = effects.some((e) => e.type === 'gate_opened');
            const issue = snapshot.state.channel?.issue_number;
            const wanted = def.approval.channel ?? snapshot.state.channel?.type ?? channel.defaultChannel;
            if (pullChannel && (wanted === 'pull-request' || snapshot.state.channel?.pulls)) {
                if (!effects.some((e) => PULL_EFFECTS.has(e.type)))
                    return;
                try {
                    await syncPulls({ ...pullChannel, recordChannel }, snapshot, def, effects);
                }
                catch (error) {
                    problems.push(`could not update the approval pull request of run ${snapshot.state.run_id}: ${(0,errors/* errorMessage */.g)(error)}`);
                }
                return latest;
            }
            try {
                if (what === 'sync') {
                    await syncIssue({ ...channel, recordChannel }, snapshot, def, {
                        gateOpened,
                        ended: effects.some((e) => e.type === 'run_ended'),
                    });
                    lastIssueWrite = env.now().getTime();
                }
                else if (what === 'body' && issue) {
                    await updateIssueBody(channel.gh, channel.repo, issue, (0,render/* renderIssueBody */.Yx)(def, snapshot.state, channel.render));
                    lastIssueWrite = env.now().getTime();
                }
            }
            catch (error) {
                problems.push(`could not update the issue of run ${snapshot.state.run_id}: ${(0,errors/* errorMessage */.g)(error)}`);
            }
            return latest;
        },
    };
}
/** This workflow run as the claimer of steps, and how to tell that another workflow run holding a claim is gone. */
function runnerIdentity(env, gh) {
    const id = Number(env.runId);
    if (!Number.isSafeInteger(id) || id <= 0)
        return {};
    return {
        runner: { kind: 'actions', workflow_run_id: id },
        runnerGone: async (ref) => {
            if (ref.kind !== 'actions' || ref.workflow_run_id === id || !gh)
                return null;
            return workflowRunGone(gh, env.repo, ref.workflow_run_id);
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

/***/ 3766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ownersAtPin: () => (/* binding */ ownersAtPin),
/* harmony export */   readCodeownersAt: () => (/* binding */ readCodeownersAt),
/* harmony export */   readCodeownersInTree: () => (/* binding */ readCodeownersInTree),
/* harmony export */   withCodeownersCheck: () => (/* binding */ withCodeownersCheck)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _codeowners_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3506);
// Reads the repository's CODEOWNERS: at a run's pinned commit (git), or from the working tree (validate).





const run = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
async function git(cwd, args) {
    try {
        const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 << 20 });
        return stdout;
    }
    catch {
        return null;
    }
}
/**
 * CODEOWNERS as it was at `commit` (first of .github/, root, docs/), or null when none exists
 * there. A shallow checkout may lack the commit: it is fetched first. Throws when the commit
 * cannot be read at all, so a missing object is never mistaken for a missing file.
 */
async function readCodeownersAt(repoDir, commit) {
    if ((await git(repoDir, ['cat-file', '-e', `${commit}^{commit}`])) === null) {
        await git(repoDir, ['fetch', '--no-tags', '--depth=1', 'origin', commit]);
        if ((await git(repoDir, ['cat-file', '-e', `${commit}^{commit}`])) === null) {
            throw new Error(`cannot read commit ${commit} (the run's pinned commit) to find its CODEOWNERS file; fetch it into the workspace`);
        }
    }
    for (const path of _codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .CODEOWNERS_LOCATIONS */ .B$) {
        const text = await git(repoDir, ['show', `${commit}:${path}`]);
        if (text !== null)
            return (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCodeowners */ .BW)(path, text);
    }
    return null;
}
/** CODEOWNERS in the working tree under `root`, or null. */
async function readCodeownersInTree(root) {
    for (const path of _codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .CODEOWNERS_LOCATIONS */ .B$) {
        try {
            return (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCodeowners */ .BW)(path, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, path), 'utf8'));
        }
        catch (error) {
            if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR')
                throw error;
        }
    }
    return null;
}
/** The owners CODEOWNERS gives a run's pinned SOP file: read at the pinned commit (the working tree outside git). */
async function ownersAtPin(repoDir, pin) {
    const codeowners = pin.commit ? await readCodeownersAt(repoDir, pin.commit) : await readCodeownersInTree(repoDir);
    return (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .ownersFor */ .aq)(codeowners, pin.path);
}
/**
 * `validate`: each SOP that names `codeowners` must get an owner from the CODEOWNERS file in the
 * working tree under `root` (SOP paths are relative to it). Problems become errors of those files.
 */
async function withCodeownersCheck(catalog, root) {
    if (!catalog.sops.some((s) => s.approval.approvers.includes(_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .CODEOWNERS_ENTRY */ .JD)))
        return catalog;
    const problems = (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .codeownersProblems */ .SC)(catalog.sops, await readCodeownersInTree(root));
    if (problems.length === 0)
        return catalog;
    const bad = new Set(problems.map((p) => p.file));
    return {
        ...catalog,
        sops: catalog.sops.filter((s) => !bad.has(s.path)),
        errors: [
            ...catalog.errors,
            ...problems.map((p) => ({ file: p.file, line: 1, column: 1, message: p.message, hint: 'CODEOWNERS is read from .github/, the repository root or docs/, as GitHub does' })),
        ],
        badFiles: [...catalog.badFiles, ...bad],
    };
}


/***/ })

};
