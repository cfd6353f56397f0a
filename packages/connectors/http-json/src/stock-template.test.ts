/**
 * Compatibility with Camunda's stock REST template (`io.camunda.connectors.HttpJson.v2` in
 * `@camunda/connectors-element-templates`): the variables a task modelled with it produces run
 * unchanged, and our template binds the same names.
 */
import { generateTemplates, type TemplateProperty } from '@connectorkit/sdk';
import { runOutbound, runOutboundJob } from '@connectorkit/sdk/testing';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { connector, mockHttp } from '../test/support.js';
import httpJsonConnector from './index.js';

const { server, seen } = mockHttp();
const rest = connector();

/** The `zeebe:input` names of the stock template (version 18), as Modeler writes them. */
const STOCK_INPUTS = [
  // older versions: writeTimeoutInSeconds (v7), storeResponse (v10 to v16)
  'writeTimeoutInSeconds',
  'storeResponse',
  'authenticationConfiguration',
  'authentication.type',
  'authentication.apiKeyLocation',
  'authentication.name',
  'authentication.value',
  'authentication.username',
  'authentication.password',
  'authentication.token',
  'authentication.oauthTokenEndpoint',
  'authentication.clientId',
  'authentication.clientSecret',
  'authentication.audience',
  'authentication.clientAuthentication',
  'authentication.scopes',
  'authentication.refreshToken',
  'clientTls.clientCertificate',
  'clientTls.clientPrivateKey',
  'clientTls.privateKeyPassword',
  'clientTls.trustedCertificate',
  'method',
  'url',
  'headers',
  'queryParameters',
  'skipEncoding',
  'followRedirects',
  'documentReturnFormat.choice',
  'documentReturnFormat.encoding',
  'connectionTimeoutInSeconds',
  'readTimeoutInSeconds',
  'body',
  'ignoreNullValues',
];

describe('a task modelled with the stock template', () => {
  it('runs with the variables the current stock template (v18) produces', async () => {
    server.use(
      http.post('https://api.example.com/v1/orders', ({ request }) =>
        HttpResponse.json({ id: 'o-42', echoed: new URL(request.url).searchParams.get('dryRun') }, { status: 201 }),
      ),
    );
    // What the engine hands over after evaluating the task's zeebe:input mappings.
    const variables = {
      authentication: { type: 'bearer', token: '{{secrets.ORDERS_TOKEN}}' },
      method: 'POST',
      url: 'https://api.example.com/v1/orders',
      headers: { 'X-Request-Id': 'r-1' },
      queryParameters: { dryRun: false },
      followRedirects: false,
      documentReturnFormat: { choice: 'JSON' },
      connectionTimeoutInSeconds: 20,
      readTimeoutInSeconds: 20,
      body: { item: 'book', quantity: 2, note: null },
      ignoreNullValues: false,
    };
    const result = await runOutbound(rest, {
      variables,
      secrets: { ORDERS_TOKEN: 'orders-token' },
      headers: { resultVariable: 'order', retryBackoff: 'PT30S', elementTemplateId: 'io.camunda.connectors.HttpJson.v2' },
    });
    expect(result).toMatchObject({ status: 201, body: { id: 'o-42', echoed: 'false' } });
    const request = seen[0]!;
    expect(request.headers.get('authorization')).toBe('Bearer orders-token');
    expect(request.headers.get('x-request-id')).toBe('r-1');
    expect(await request.json()).toEqual({ item: 'book', quantity: 2, note: null });
  });

  it('runs with the variables an early stock template (v2) produces: lower-case method, timeouts as text', async () => {
    server.use(http.post('https://api.example.com/v1/users', () => HttpResponse.json({ created: true })));
    const result = await runOutbound(rest, {
      variables: {
        authentication: { type: 'basic', username: 'svc', password: 'pw-123' },
        method: 'post',
        url: 'https://api.example.com/v1/users',
        connectionTimeoutInSeconds: '20',
        body: { name: 'Jane' },
      },
    });
    expect(result).toMatchObject({ status: 200, body: { created: true } });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers.get('authorization')).toBe(`Basic ${Buffer.from('svc:pw-123').toString('base64')}`);
  });

  it('accepts stock inputs in the forms the stock templates write them (text booleans and numbers, empty TLS fields)', async () => {
    server.use(http.get('https://api.example.com/v1/report', () => HttpResponse.json({ rows: 3 })));
    const result = await runOutbound(rest, {
      variables: {
        authenticationConfiguration: 'rest-credential-1',
        url: 'https://api.example.com/v1/report',
        clientTls: { clientCertificate: '', clientPrivateKey: '', privateKeyPassword: '' },
        storeResponse: 'false',
        documentReturnFormat: { choice: 'JSON' },
        skipEncoding: 'true',
        writeTimeoutInSeconds: '0',
        groupSetCookieHeaders: true,
      },
    });
    expect(result).toMatchObject({ status: 200, body: { rows: 3 }, reason: 'OK', document: null });
  });

  it('refuses the document store (storeResponse, the DOCUMENT format) with an incident instead of a silent fallback', async () => {
    for (const asks of [{ storeResponse: true }, { documentReturnFormat: { choice: 'DOCUMENT' } }]) {
      const outcome = await runOutboundJob(rest, { variables: { url: 'https://api.example.com/v1/report', ...asks } });
      expect(outcome).toMatchObject({ action: 'fail', retries: 0 });
      expect(JSON.stringify(outcome)).toContain('this runtime has no document store');
    }
    expect(seen).toHaveLength(0);
  });

  it('takes FEEL results of any JSON type: numbers and booleans for text fields, a map given as JSON text', async () => {
    server.use(http.get('https://api.example.com/v1/accounts/7', () => HttpResponse.json({})));
    await runOutbound(rest, {
      variables: {
        url: 'https://api.example.com/v1/accounts/7',
        authentication: { type: 'apiKey', apiKeyLocation: 'headers', name: 'X-Key', value: 12345 },
        headers: '{"X-Flag": true}',
      },
    });
    expect(seen[0]!.headers.get('x-key')).toBe('12345');
    expect(seen[0]!.headers.get('x-flag')).toBe('true');
  });
});

describe('our element template', () => {
  const [template] = generateTemplates(httpJsonConnector);
  const inputs = template!.properties.filter((p) => p.binding.type === 'zeebe:input');
  const byName = (name: string): TemplateProperty => inputs.find((p) => 'name' in p.binding && p.binding.name === name)!;

  it('has our id, the stock job type and only input names the stock template uses', () => {
    expect(template!.id).toBe('io.connectorkit.http-json');
    const jobType = template!.properties.find((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type');
    expect(jobType?.value).toBe('io.camunda:http-json:1');
    for (const p of inputs) expect(STOCK_INPUTS, String(p.id)).toContain('name' in p.binding ? p.binding.name : '');
  });

  it('offers the stock dropdown values and defaults', () => {
    const values = (name: string) => byName(name).choices?.map((c) => c.value);
    expect(values('authentication.type')).toEqual([
      'apiKey',
      'basic',
      'bearer',
      'noAuth',
      'oauth-client-credentials-flow',
      'oauth-refresh-token',
    ]);
    expect(values('authentication.apiKeyLocation')).toEqual(['headers', 'query']);
    expect(values('authentication.clientAuthentication')).toEqual(['credentialsBody', 'basicAuthHeader']);
    expect(values('method')).toEqual(['POST', 'GET', 'DELETE', 'PATCH', 'PUT']);
    expect(byName('authentication.type').value).toBe('noAuth');
    expect(byName('method').value).toBe('GET');
    expect(byName('connectionTimeoutInSeconds').value).toBe(20);
    expect(byName('readTimeoutInSeconds').value).toBe(20);
    expect(byName('followRedirects').value).toBe(false);
    expect(byName('body').condition).toMatchObject({ property: 'method', oneOf: ['POST', 'PUT', 'PATCH'] });
  });
});
