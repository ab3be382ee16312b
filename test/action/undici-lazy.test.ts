// dist/undici-lazy.mjs, what the Action bundle has for undici: Node's own fetch without a proxy,
// the bundled undici (and its ProxyAgent) with one.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_BUNDLE } from '../support/action-harness.js';

interface Lazy {
  fetch(input: string, init?: { dispatcher?: unknown }): Promise<Response>;
  ProxyAgent: new (uri: string) => { close(): Promise<void> };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An HTTP proxy that tunnels CONNECT requests, as undici's ProxyAgent uses, and records them. */
async function tunnellingProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
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
    const lazy = (await import(pathToFileURL(path.join(path.dirname(ACTION_BUNDLE), 'undici-lazy.mjs')).href)) as Lazy;
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
});
