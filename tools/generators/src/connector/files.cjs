'use strict';
// The files of a new connector package, following packages/connectors/slack's conventions.

/** weather-alerts -> { kebab, camel: weatherAlerts, title: 'Weather Alerts', constant: weatherAlertsConnector } */
function namesOf(name) {
  const parts = name.split('-');
  const camel = parts[0] + parts.slice(1).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  const title = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join(' ');
  return { kebab: name, camel, title, constant: `${camel}Connector`, pkg: `@connectorkit/connector-${name}` };
}

const KIND_TEXT = {
  outbound: 'outbound connector (a service task): calls a JSON API',
  webhook: 'inbound webhook connector: starts or continues a process for each request to /inbound/<context>',
  subscription: 'inbound subscription connector: follows a server-sent events stream and correlates each event',
  polling: 'inbound polling connector: asks a JSON API for new items at an interval and correlates each once',
};

function packageJson(n, kind) {
  return `${JSON.stringify(
    {
      name: n.pkg,
      version: '0.1.0',
      description: `${n.title}: ${KIND_TEXT[kind]}, for Camunda 8`,
      license: 'Apache-2.0',
      type: 'module',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: {
        '.': { '@connectorkit/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
        './package.json': './package.json',
      },
      files: ['dist', '!dist/**/*.test.*', 'README.md', 'element-templates'],
      engines: { node: '>=20.19' },
      nx: { tags: ['scope:connector'] },
      scripts: {
        build: 'tsc -p tsconfig.lib.json',
        typecheck: 'tsc -p tsconfig.json --noEmit',
        lint: 'eslint .',
        test: 'vitest run',
      },
      connectorkit: { connectors: '.' },
      dependencies: { '@connectorkit/sdk': '^0.1.0' },
    },
    null,
    2,
  )}\n`;
}

const TSCONFIG = `{
  "extends": "../../../tsconfig.base.json",
  "compilerOptions": { "noEmit": true },
  "include": ["src/**/*.ts", "test/**/*.ts", "vitest.config.ts"]
}
`;

const TSCONFIG_LIB = `{
  "extends": "../../../tsconfig.base.json",
  "compilerOptions": {
    "rootDir": "src",
    "outDir": "dist",
    "noEmit": false,
    "customConditions": []
  },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.test.ts", "src/**/*.test-d.ts"]
}
`;

const VITEST = `import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../../vitest.shared.js';

export default defineConfig(sharedTestConfig(import.meta.dirname));
`;

const indexTs = (n) => `import { ${n.constant} } from './connector.js';

export { ${n.constant} } from './connector.js';

export default ${n.constant};
`;

function connectorTs(n, kind) {
  const common = `  id: 'io.connectorkit.${n.kebab}',
  name: '${n.title}',
  version: 1,
  type: 'io.connectorkit:${n.kebab}:1',
  description: '${KIND_TEXT[kind].replace(/'/g, "\\'")}',`;
  switch (kind) {
    case 'outbound':
      return `import { ConnectorError, defineOutbound, p } from '@connectorkit/sdk';

/**
 * ${n.title}: GETs a JSON document and returns it. Replace the properties and \`execute\` with
 * your API's; the properties give the input type, its validation and the element template.
 */
export const ${n.constant} = defineOutbound({
${common}
  properties: {
    url: p.text({ label: 'URL', description: 'The JSON API to call', required: true, feel: 'optional' }),
    apiKey: p.text({ label: 'API key', description: 'Sent as x-api-key; use {{secrets.NAME}}', secret: true }),
  },
  async execute({ input, signal }) {
    const res = await fetch(input.url, { headers: input.apiKey ? { 'x-api-key': input.apiKey } : {}, signal });
    if (!res.ok) throw new ConnectorError(String(res.status), \`\${input.url} answered \${res.status}\`);
    return { status: res.status, body: (await res.json()) as unknown };
  },
});
`;
    case 'webhook':
      return `import { defineInbound, p, type CorrelationResult, type WebhookResponse } from '@connectorkit/sdk';

const answer = (result: CorrelationResult): WebhookResponse => {
  switch (result.status) {
    case 'correlated':
      return { status: 200, body: { processInstanceKey: result.processInstanceKey, messageKey: result.messageKey } };
    case 'ignored':
      return { status: 202, body: { ignored: true } };
    case 'failed-retryable':
      return { status: 503, body: { error: 'try again later' } };
    default:
      return { status: 422, body: { error: 'the event could not be correlated' } };
  }
};

/**
 * ${n.title}: each POST to \`/inbound/<inbound.context>\` with the right \`x-token\` header
 * starts or continues a process with the request body as \`body\`.
 */
export const ${n.constant} = defineInbound({
${common}
  kind: 'webhook',
  properties: {
    'inbound.context': p.text({ label: 'Webhook ID', description: 'The path after /inbound/', required: true }),
    'inbound.token': p.text({ label: 'Token', description: 'Expected in the x-token header; use {{secrets.NAME}}', required: true, secret: true }),
  },
  async handle(request, ctx) {
    if (request.method !== 'POST') return { status: 405, body: { error: \`Method \${request.method} not supported\` } };
    if (request.headers['x-token'] !== ctx.properties.inbound.token) return { status: 401, body: { error: 'wrong or missing x-token' } };
    return answer(await ctx.correlate({ body: request.body }));
  },
});
`;
    case 'subscription':
      return `import { defineInbound, p } from '@connectorkit/sdk';

/** The \`data:\` lines of each event of a server-sent events stream, joined. */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart());
      if (data.length > 0) yield data.join('\\n');
    }
  }
}

/**
 * ${n.title}: follows a server-sent events stream and correlates each event (JSON, else text, as
 * \`event\`). Reconnects after the stream ends, until the runtime deactivates the connector.
 */
export const ${n.constant} = defineInbound({
${common}
  kind: 'subscription',
  properties: {
    url: p.text({ label: 'Stream URL', description: 'A text/event-stream endpoint', required: true }),
    reconnectMs: p.number({ label: 'Reconnect after (ms)', default: 1000 }),
  },
  activate(ctx) {
    const follow = async () => {
      while (!ctx.signal.aborted) {
        try {
          const res = await fetch(ctx.properties.url, { headers: { accept: 'text/event-stream' }, signal: ctx.signal });
          if (!res.ok || !res.body) throw new Error(\`\${ctx.properties.url} answered \${res.status}\`);
          ctx.reportHealth({ status: 'UP' });
          for await (const data of serverSentEvents(res.body)) {
            let event: unknown = data;
            try {
              event = JSON.parse(data);
            } catch {
              // plain text event
            }
            await ctx.correlate({ event });
          }
        } catch (e) {
          if (ctx.signal.aborted) return;
          ctx.reportHealth({ status: 'DOWN', error: { message: e instanceof Error ? e.message : String(e) } });
        }
        await new Promise((r) => setTimeout(r, ctx.properties.reconnectMs));
      }
    };
    void follow(); // activate returns once the consumer runs
  },
});
`;
    case 'polling':
      return `import { defineInbound, p } from '@connectorkit/sdk';

interface Item {
  id: string | number;
  [field: string]: unknown;
}

/**
 * ${n.title}: GETs a JSON list of items (\`[{ "id": ..., ... }]\`) at an interval; each item with
 * an id the runtime has not correlated yet starts or continues a process as \`item\`.
 */
export const ${n.constant} = defineInbound({
${common}
  kind: 'polling',
  interval: 'PT30S',
  properties: {
    url: p.text({ label: 'URL', description: 'A JSON API answering a list of items with an id', required: true }),
  },
  async poll(ctx) {
    const res = await fetch(ctx.properties.url, { signal: ctx.signal });
    if (!res.ok) throw new Error(\`\${ctx.properties.url} answered \${res.status}\`);
    const items = (await res.json()) as Item[];
    return {
      items: items.map((item) => ({ id: String(item.id), variables: { item } })),
      cursor: items.length > 0 ? String(items[items.length - 1]!.id) : ctx.cursor,
    };
  },
});
`;
  }
  throw new Error(`unknown kind ${kind}`);
}

function testTs(n, kind) {
  switch (kind) {
    case 'outbound':
      return `import { ConnectorError } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import connector from './index.js';

const API = 'https://api.example.test/v1/things';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('${n.title} connector', () => {
  it('returns the answer of the API, sending the API key taken from a secret', async () => {
    let key: string | null = null;
    server.use(
      http.get(API, ({ request }) => {
        key = request.headers.get('x-api-key');
        return HttpResponse.json({ things: 2 });
      }),
    );
    const result = await runOutbound(connector, { variables: { url: API, apiKey: '{{secrets.API_KEY}}' }, secrets: { API_KEY: 'k-123' } });
    expect(result).toEqual({ status: 200, body: { things: 2 } });
    expect(key).toBe('k-123');
  });

  it('fails with a connector error carrying the status when the API refuses', async () => {
    server.use(http.get(API, () => new HttpResponse(null, { status: 503 })));
    const error = await runOutbound(connector, { variables: { url: API } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: '503' });
  });

  it('refuses a job without a URL before calling anything', async () => {
    await expect(runOutbound(connector, { variables: {} })).rejects.toThrow(/url/);
  });
});
`;
    case 'webhook':
      return `import type { WebhookRequest } from '@connectorkit/sdk';
import { createInboundContext } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import connector from './index.js';

const webhook = (() => {
  if (connector.kind !== 'webhook') throw new Error('not a webhook connector');
  return connector;
})();
/** The connector's handle, narrowed to the webhook kind. */
const handle: typeof webhook.handle = (request, ctx) => webhook.handle(request, ctx);

const request = (over: Partial<WebhookRequest> = {}): WebhookRequest => ({
  method: 'POST',
  url: '/inbound/orders',
  context: 'orders',
  headers: { 'x-token': 't-1' },
  query: {},
  body: { order: 42 },
  rawBody: new TextEncoder().encode('{"order":42}'),
  ...over,
});

async function harness() {
  return createInboundContext(connector, { properties: { 'inbound.context': 'orders', 'inbound.token': '{{secrets.TOKEN}}' }, secrets: { TOKEN: 't-1' } });
}

describe('${n.title} connector', () => {
  it('correlates the body of a POST with the right token', async () => {
    const h = await harness();
    const response = await handle(request(), h.ctx);
    expect(response.status).toBe(200);
    expect(h.correlations.map((c) => c.variables)).toEqual([{ body: { order: 42 } }]);
  });

  it('answers 401 to a wrong token and 405 to another method, correlating nothing', async () => {
    const h = await harness();
    expect((await handle(request({ headers: { 'x-token': 'nope' } }), h.ctx)).status).toBe(401);
    expect((await handle(request({ method: 'GET' }), h.ctx)).status).toBe(405);
    expect(h.correlations).toHaveLength(0);
  });

  it('answers 503 when the engine asks to try again', async () => {
    const h = await harness();
    h.failNext({ status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE', error: 'engine unreachable' });
    expect((await handle(request(), h.ctx)).status).toBe(503);
  });
});
`;
    case 'subscription':
      return `import { createInboundContext } from '@connectorkit/sdk/testing';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import connector from './index.js';

const STREAM = 'https://events.example.test/stream';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('${n.title} connector', () => {
  it('correlates each event of the stream, JSON parsed, until deactivated', async () => {
    server.use(
      http.get(STREAM, () =>
        new HttpResponse('data: {"n":1}\\n\\nevent: note\\ndata: hello\\n\\n', { headers: { 'content-type': 'text/event-stream' } }),
      ),
    );
    const h = await createInboundContext(connector, { properties: { url: STREAM, reconnectMs: 50 } });
    await connector.activate!(h.ctx);
    await expect.poll(() => h.correlations.length).toBeGreaterThanOrEqual(2);
    await h.deactivate();
    expect(h.correlations.slice(0, 2).map((c) => c.variables)).toEqual([{ event: { n: 1 } }, { event: 'hello' }]);
    expect(h.health[0]).toEqual({ status: 'UP' });
  });

  it('reports DOWN with the reason when the stream cannot be opened', async () => {
    server.use(http.get(STREAM, () => new HttpResponse(null, { status: 502 })));
    const h = await createInboundContext(connector, { properties: { url: STREAM, reconnectMs: 50 } });
    await connector.activate!(h.ctx);
    await expect.poll(() => h.health.length).toBeGreaterThan(0);
    await h.deactivate();
    expect(h.health[0]).toMatchObject({ status: 'DOWN', error: { message: expect.stringContaining('502') } });
  });
});
`;
    case 'polling':
      return `import { createInboundContext } from '@connectorkit/sdk/testing';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import connector from './index.js';

const API = 'https://api.example.test/v1/items';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('${n.title} connector', () => {
  it('correlates each new item once and keeps the cursor', async () => {
    let items = [{ id: 1, name: 'a' }];
    server.use(http.get(API, () => HttpResponse.json(items)));
    const h = await createInboundContext(connector, { properties: { url: API } });
    expect(await h.poll()).toMatchObject({ status: 'done', correlated: 1 });
    items = [...items, { id: 2, name: 'b' }];
    expect(await h.poll()).toMatchObject({ status: 'done', correlated: 1, repeated: 1 });
    expect(h.correlations.map((c) => c.variables)).toEqual([{ item: { id: 1, name: 'a' } }, { item: { id: 2, name: 'b' } }]);
  });

  it('fails the poll, keeping the cursor, when the API refuses', async () => {
    server.use(http.get(API, () => new HttpResponse(null, { status: 500 })));
    const h = await createInboundContext(connector, { properties: { url: API } });
    await expect(h.poll()).rejects.toThrow(/500/);
    expect(h.correlations).toHaveLength(0);
  });
});
`;
  }
  throw new Error(`unknown kind ${kind}`);
}

function readme(n, kind) {
  const how = {
    outbound: `A service task with job type \`io.connectorkit:${n.kebab}:1\`: inputs \`url\` and \`apiKey\` (a secret); the result is \`{ status, body }\` for \`resultVariable\` / \`resultExpression\`.`,
    webhook: `\`inbound.type\` \`io.connectorkit:${n.kebab}:1\` on a start or catch event: each POST to \`/inbound/<inbound.context>\` with the header \`x-token\` equal to \`inbound.token\` correlates \`{ body }\`.`,
    subscription: `\`inbound.type\` \`io.connectorkit:${n.kebab}:1\`: follows the server-sent events stream at \`url\` and correlates \`{ event }\` for each event; reconnects after \`reconnectMs\`.`,
    polling: `\`inbound.type\` \`io.connectorkit:${n.kebab}:1\`: GETs \`url\` (a JSON list of items with an \`id\`) every 30 s (element property \`pollingInterval\` overrides it) and correlates \`{ item }\` once per id.`,
  }[kind];
  return `# ${n.pkg}

${n.title}: ${KIND_TEXT[kind]}, written with \`@connectorkit/sdk\` (generated by
\`nx g @connectorkit/generators:connector ${n.kebab} --kind ${kind}\`; make it your own).

${how}

| | |
|---|---|
| Connector id | \`io.connectorkit.${n.kebab}\` |
| Exports | \`${n.constant}\` (also the default export) |
| Element template | \`element-templates/\` (\`npm run templates -- build\` at the root regenerates it) |

The runtime finds it once installed beside it (\`"connectorkit": { "connectors": "." }\` in
\`package.json\`). Tests: \`npx nx test ${n.pkg}\` (msw stands in for the remote API).
`;
}

/** Path (relative to the package) -> content. */
function connectorFiles(name, kind) {
  const n = namesOf(name);
  return {
    names: n,
    files: {
      'package.json': packageJson(n, kind),
      'tsconfig.json': TSCONFIG,
      'tsconfig.lib.json': TSCONFIG_LIB,
      'vitest.config.ts': VITEST,
      'README.md': readme(n, kind),
      'src/index.ts': indexTs(n),
      'src/connector.ts': connectorTs(n, kind),
      'src/connector.test.ts': testTs(n, kind),
    },
  };
}

module.exports = { connectorFiles, namesOf, KINDS: Object.keys(KIND_TEXT) };
