// dist/exec-lazy.cjs: what the Action bundle gets for `import … from '@actions/exec'` (see scripts/build.mjs).
// @actions/core imports it at its top to describe the runner's OS (core.platform), which this Action never
// asks for; with it come node's child_process (and net, dgram) and @actions/io. It is loaded (from
// dist/exec/index.cjs, bundled by ncc) the first time a command is run through it.
// These are the only names the bundled code imports from @actions/exec; the build fails if that changes.
'use strict';

let exec;
const load = () => (exec ??= require('./exec/index.cjs'));

module.exports = { getExecOutput: (...args) => load().getExecOutput(...args) };
