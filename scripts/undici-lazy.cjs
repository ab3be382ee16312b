// dist/undici-lazy.cjs: what the Action bundle gets for `import … from 'undici'` (see scripts/build.mjs).
// @actions/github fetches with undici and @actions/http-client builds proxy agents with it. Evaluating
// undici costs more than a bare node start, and `list`, `validate` and ignored events never use it, so it
// is loaded (from dist/undici/index.cjs, bundled by ncc) the first time it is used, and only when a proxy
// is configured: without one, requests go through Node's built-in fetch.
// CommonJS, so that both the ESM Action bundle and the CommonJS http-client bundle can load it.
// These are the only names the bundled code imports from undici; the build fails if that changes.
'use strict';

let undici;
const load = () => (undici ??= require('./undici/index.cjs'));

class ProxyAgent {
  constructor(...args) {
    return new (load().ProxyAgent)(...args);
  }
}

function fetch(input, init) {
  // Without a proxy (a runner's usual case) @actions/github passes no dispatcher: Node's own fetch,
  // undici built into Node, answers then, and the bundled copy is never evaluated (~60 ms per run).
  if (init?.dispatcher === undefined && typeof globalThis.fetch === 'function') return globalThis.fetch(input, init);
  return load().fetch(input, init);
}

module.exports = { ProxyAgent, fetch };
