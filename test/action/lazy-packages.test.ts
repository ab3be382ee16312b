// What the Action bundle has for undici, @actions/http-client and @actions/exec (scripts/build.mjs): stand-ins that load
// the bundled package on first use. undici's answers with Node's own fetch without a proxy and with the
// bundled undici (and its ProxyAgent) with one; http-client's builds the real client when one is created;
// exec's runs a command with the real package. `list`, `validate` and ignored events load none of them.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { connect, type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_BUNDLE } from '../support/action-harness.js';
import { issueCommentEvent } from '../support/events.js';
import { makeTempDir } from '../support/git.js';

interface Dispatcher {
  close(): Promise<void>;
}

interface LazyUndici {
  fetch(input: string, init?: { dispatcher?: Dispatcher | undefined }): Promise<Response>;
  ProxyAgent: new (uri: string) => Dispatcher;
}

interface LazyExec {
  getExecOutput(command: string, args: string[], options: { silent: boolean }): Promise<{ exitCode: number; stdout: string }>;
}

interface LazyHttpClient {
  HttpClient: new () => { getAgentDispatcher(serverUrl: string): Dispatcher | undefined };
}

const DIST = path.dirname(ACTION_BUNDLE);
const load = createRequire(import.meta.url);
const undiciStandIn = (): LazyUndici => load(path.join(DIST, 'undici-lazy.cjs')) as LazyUndici;
const httpClientStandIn = (): LazyHttpClient => load(path.join(DIST, 'http-client-lazy.cjs')) as LazyHttpClient;
const execStandIn = (): LazyExec => load(path.join(DIST, 'exec-lazy.cjs')) as LazyExec;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An HTTP proxy that tunnels CONNECT requests, as undici's ProxyAgent uses, to this machine, and records the hosts asked for. */
async function tunnellingProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client) => {
    tunnels.push(req.url ?? '');
    const port = (req.url ?? '').split(':').at(-1);
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return { url: await listen(proxy), tunnels };
}

describe('the Action bundle’s undici stand-in', () => {
  it('fetches with Node’s own fetch when no proxy dispatcher is given, and through the bundled ProxyAgent when one is', async () => {
    const lazy = undiciStandIn();
    const api = await listen(createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.url}`)));
    const proxy = await tunnellingProxy();

    const direct = await lazy.fetch(`${api}/direct`, { dispatcher: undefined });
    expect(await direct.text()).toBe('hello /direct');
    expect(direct).toBeInstanceOf(globalThis.Response);
    expect(proxy.tunnels).toEqual([]);

    const agent = new lazy.ProxyAgent(proxy.url);
    try {
      const proxied = await lazy.fetch(`${api}/proxied`, { dispatcher: agent });
      expect(await proxied.text()).toBe('hello /proxied');
      // Answered by the bundled undici, whose Response is not Node's.
      expect(proxied).not.toBeInstanceOf(globalThis.Response);
      expect(proxy.tunnels).toEqual([new URL(api).host]);
    } finally {
      await agent.close();
    }
  });

  it('builds @actions/http-client when a client is created: with a proxy set, its dispatcher is the bundled ProxyAgent', async () => {
    const local = await listen(createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.url}`)));
    // @actions/http-client never proxies a loopback address: the API is named, and the proxy reaches it here.
    const api = `http://api.example.test:${new URL(local).port}`;
    const proxy = await tunnellingProxy();
    const saved = { https: process.env['https_proxy'], http: process.env['http_proxy'], no: process.env['no_proxy'] };
    try {
      delete process.env['https_proxy'];
      delete process.env['no_proxy'];
      process.env['http_proxy'] = '';
      expect(new (httpClientStandIn().HttpClient)().getAgentDispatcher(api)).toBeUndefined();

      process.env['http_proxy'] = proxy.url;
      const dispatcher = new (httpClientStandIn().HttpClient)().getAgentDispatcher(api);
      expect(dispatcher).toBeDefined();
      try {
        const proxied = await undiciStandIn().fetch(`${api}/through`, { dispatcher });
        expect(await proxied.text()).toBe('hello /through');
        expect(proxy.tunnels).toEqual([new URL(api).host]);
      } finally {
        await dispatcher?.close();
      }
    } finally {
      for (const [name, value] of [['https_proxy', saved.https], ['http_proxy', saved.http], ['no_proxy', saved.no]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('runs a command through the bundled @actions/exec when asked to', async () => {
    const { exitCode, stdout } = await execStandIn().getExecOutput('echo', ['from', 'exec'], { silent: true });
    expect({ exitCode, stdout }).toEqual({ exitCode: 0, stdout: 'from exec\n' });
  });
});

describe('what an Action start loads', () => {
  /** The Action's files without the lazily loaded bundles: a start that needed one would fail to find it. */
  async function withoutLazyBundles(): Promise<string> {
    const dir = path.join(await makeTempDir('sop-dist-'), 'dist');
    await fs.cp(DIST, dir, { recursive: true });
    await fs.rm(path.join(dir, 'undici'), { recursive: true });
    await fs.rm(path.join(dir, 'http-client'), { recursive: true });
    await fs.rm(path.join(dir, 'exec'), { recursive: true });
    return dir;
  }

  async function workspace(): Promise<string> {
    const dir = await makeTempDir('sop-ws-');
    await fs.mkdir(path.join(dir, 'sops'));
    await fs.writeFile(path.join(dir, 'sops', 'hello.md'), '---\nname: hello\ndescription: Says hello\n---\n## Step 1: Hello\n```bash\necho hello\n```\n');
    return dir;
  }

  async function start(dist: string, ws: string, event: { name: string; payload: unknown }, command: string): Promise<{ stdout: string; stderr: string }> {
    const eventPath = path.join(ws, 'event.json');
    await fs.writeFile(eventPath, JSON.stringify(event.payload));
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/ops',
      GITHUB_WORKSPACE: ws,
      GITHUB_API_URL: 'http://127.0.0.1:9',
      INPUT_COMMAND: command,
      'INPUT_SOPS-DIR': 'sops',
      'INPUT_STATE-BRANCH': 'sop-state',
      INPUT_PAYLOAD: '{}',
      'INPUT_APPROVAL-CHANNEL': 'issue',
      'INPUT_APPROVER-PERMISSION': 'write',
      'INPUT_GITHUB-TOKEN': 'ghs_test-token',
    };
    return promisify(execFile)(process.execPath, [path.join(dist, 'index.js')], { cwd: ws, env });
  }

  it('list, validate and an ignored comment start without undici, @actions/http-client or @actions/exec', async () => {
    const dist = await withoutLazyBundles();
    const ws = await workspace();
    const dispatch = { name: 'workflow_dispatch', payload: {} };
    expect((await start(dist, ws, dispatch, 'list')).stdout).toMatch(/hello {2}\(supervised, normal, 1 steps\)/);
    expect((await start(dist, ws, dispatch, 'validate')).stdout).toContain('1 SOP file(s) OK');
    const chatter = { name: 'issue_comment', payload: issueCommentEvent({ issueNumber: 7, login: 'bob', body: 'thanks, looks good', issueBody: 'a discussion' }) };
    const ignored = await start(dist, ws, chatter, 'auto');
    expect(ignored.stdout).toContain('::notice::');
  });
});
