// dist/http-client-lazy.cjs: what the Action bundle gets for `import … from '@actions/http-client'` (see
// scripts/build.mjs). @actions/core imports it at its top for OIDC tokens, which this Action never asks
// for; with it come node's http, https, tls and net and the tunnel package, ~35 ms of CPU on every start.
// `list`, `validate` and ignored events never make a request, so @actions/http-client is loaded (from
// dist/http-client/index.cjs, bundled by ncc) the first time a client is created: when @actions/github
// builds its Octokit defaults, or core asks for an OIDC token.
// These are the only names the bundled code imports from @actions/http-client; the build fails if that changes.
'use strict';

let httpClient;
const load = () => (httpClient ??= require('./http-client/index.cjs'));

class HttpClient {
  constructor(...args) {
    return new (load().HttpClient)(...args);
  }
}

module.exports = { HttpClient };
