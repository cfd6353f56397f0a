import { runOutbound } from '@connectorkit/sdk/testing';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { connector, failure, mockHttp } from '../test/support.js';

const { server, seen } = mockHttp();
const rest = connector();

describe('REST connector: requests and results', () => {
  it('sends a GET with query parameters and returns status, headers and the parsed JSON body', async () => {
    server.use(
      http.get('https://api.example.com/v1/items', ({ request }) => {
        const q = new URL(request.url).searchParams;
        return HttpResponse.json(
          { page: q.get('page'), tags: q.getAll('tag'), existing: q.get('sort') },
          { headers: { 'X-Total': '42' } },
        );
      }),
    );
    const result = await runOutbound(rest, {
      variables: {
        url: 'https://api.example.com/v1/items?sort=name',
        queryParameters: { page: 2, tag: ['a', 'b c'], skipped: null },
      },
    });
    expect(result.status).toBe(200);
    // Names as the server sent them (as Camunda's connector returns them).
    expect(result.headers['X-Total']).toBe('42');
    expect(result.headers['Content-Type']).toContain('application/json');
    expect(result.body).toEqual({ page: '2', tags: ['a', 'b c'], existing: 'name' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('GET');
    expect(new URL(seen[0]!.url).searchParams.has('skipped')).toBe(false);
  });

  it('POSTs a map as JSON with the user headers, dropping nulls when asked', async () => {
    server.use(http.post('https://api.example.com/v1/orders', () => HttpResponse.json({ id: 'o-1' }, { status: 201 })));
    const result = await runOutbound(rest, {
      variables: {
        method: 'POST',
        url: 'https://api.example.com/v1/orders',
        headers: { 'X-Request-Id': 'req-7', 'X-Count': 3 },
        body: { item: 'book', qty: 2, note: null, lines: [{ sku: 'a', gift: null }] },
        ignoreNullValues: true,
      },
    });
    expect(result).toEqual({ status: 201, headers: expect.any(Object), body: { id: 'o-1' }, reason: 'Created', document: null });
    const request = seen[0]!;
    expect(request.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(request.headers.get('x-request-id')).toBe('req-7');
    expect(request.headers.get('x-count')).toBe('3');
    expect(await request.json()).toEqual({ item: 'book', qty: 2, lines: [{ sku: 'a' }] });
  });

  it('keeps null values by default', async () => {
    server.use(http.put('https://api.example.com/v1/orders/1', () => new HttpResponse(null, { status: 204 })));
    const result = await runOutbound(rest, {
      variables: { method: 'PUT', url: 'https://api.example.com/v1/orders/1', body: { note: null } },
    });
    expect(result.status).toBe(204);
    expect(result.body).toBeNull();
    expect(await seen[0]!.json()).toEqual({ note: null });
  });

  it('sends a text body as it is, as text/plain unless a Content-Type header is given', async () => {
    server.use(http.post('https://api.example.com/echo', () => HttpResponse.text('ok')));
    await runOutbound(rest, { variables: { method: 'POST', url: 'https://api.example.com/echo', body: 'hello' } });
    await runOutbound(rest, {
      variables: {
        method: 'POST',
        url: 'https://api.example.com/echo',
        headers: { 'Content-Type': 'application/json' },
        body: '{"raw":true}',
      },
    });
    expect(seen[0]!.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(await seen[0]!.text()).toBe('hello');
    expect(seen[1]!.headers.get('content-type')).toBe('application/json');
    expect(await seen[1]!.text()).toBe('{"raw":true}');
  });

  it('sends a map as a form when the Content-Type says so', async () => {
    server.use(http.post('https://api.example.com/form', () => HttpResponse.text('ok')));
    await runOutbound(rest, {
      variables: {
        method: 'POST',
        url: 'https://api.example.com/form',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { name: 'Jane Doe', age: 41 },
      },
    });
    await runOutbound(rest, {
      variables: {
        method: 'POST',
        url: 'https://api.example.com/form',
        headers: { 'Content-Type': 'multipart/form-data' },
        body: { name: 'Jane', meta: { a: 1 } },
      },
    });
    expect(await seen[0]!.text()).toBe('name=Jane+Doe&age=41');
    expect(seen[1]!.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await seen[1]!.formData();
    expect(form.get('name')).toBe('Jane');
    expect(form.get('meta')).toBe('{"a":1}');
  });

  it('does not send a body with GET', async () => {
    server.use(http.get('https://api.example.com/items', () => HttpResponse.json([])));
    await runOutbound(rest, { variables: { url: 'https://api.example.com/items', body: { ignored: true } } });
    expect(await seen[0]!.text()).toBe('');
  });

  it('returns a body that is not JSON as text, also when the server claims application/json', async () => {
    server.use(
      http.get('https://api.example.com/html', () => HttpResponse.html('<p>hi</p>')),
      http.get('https://api.example.com/broken', () =>
        new HttpResponse('{"unterminated": ', { headers: { 'Content-Type': 'application/json' } }),
      ),
      http.get('https://api.example.com/json-as-text', () => HttpResponse.text('{"a":1}')),
    );
    const html = await runOutbound(rest, { variables: { url: 'https://api.example.com/html' } });
    const broken = await runOutbound(rest, { variables: { url: 'https://api.example.com/broken' } });
    const parsed = await runOutbound(rest, { variables: { url: 'https://api.example.com/json-as-text' } });
    expect(html.body).toBe('<p>hi</p>');
    expect(broken).toMatchObject({ status: 200, body: '{"unterminated": ' });
    expect(parsed.body).toEqual({ a: 1 });
  });

  it('returns the text unparsed with the TEXT format, decoded with the given encoding', async () => {
    const latin1 = Buffer.from('{"name":"Müller"}', 'latin1');
    server.use(http.get('https://api.example.com/legacy', () => new HttpResponse(latin1)));
    const result = await runOutbound(rest, {
      variables: {
        url: 'https://api.example.com/legacy',
        documentReturnFormat: { choice: 'TEXT', encoding: 'ISO-8859-1' },
      },
    });
    expect(result.body).toBe('{"name":"Müller"}');
    const error = await failure(
      runOutbound(rest, {
        variables: { url: 'https://api.example.com/legacy', documentReturnFormat: { choice: 'TEXT', encoding: 'klingon' } },
      }),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('documentReturnFormat.encoding');
  });

  it('lists repeated Set-Cookie headers', async () => {
    server.use(
      http.get('https://api.example.com/login', () => {
        const headers = new Headers();
        headers.append('Set-Cookie', 'a=1');
        headers.append('Set-Cookie', 'b=2');
        return new HttpResponse('ok', { headers });
      }),
    );
    const result = await runOutbound(rest, { variables: { url: 'https://api.example.com/login' } });
    expect(result.headers['Set-Cookie']).toEqual(['a=1', 'b=2']);
  });

  it('refuses a URL that is not http(s) and invalid headers as input errors', async () => {
    for (const url of ['ftp://files.example.com/x', 'https://', 'http://exa mple.com/']) {
      const badUrl = await failure(runOutbound(rest, { variables: { url } }));
      expect(badUrl.code).toBe('INVALID_INPUT');
      expect(badUrl.message).toMatch(/^Invalid input: url: Must be a http\(s\) URL$|^Invalid input: url: must be a http\(s\) URL$/);
    }
    const badHeader = await failure(
      runOutbound(rest, { variables: { url: 'https://api.example.com/x', headers: { 'X-Evil': 'a\r\nInjected: 1' } } }),
    );
    expect(badHeader.code).toBe('INVALID_INPUT');
    expect(badHeader.message).toBe('Invalid input: headers.X-Evil: must not contain line breaks');
    expect(seen).toHaveLength(0);
  });

  describe('redirects', () => {
    it('returns a 3xx response as it is when followRedirects is off (the default)', async () => {
      server.use(
        http.get('https://api.example.com/old', () => new HttpResponse(null, { status: 302, headers: { Location: '/new' } })),
      );
      const result = await runOutbound(rest, { variables: { url: 'https://api.example.com/old' } });
      expect(result.status).toBe(302);
      expect(result.headers.Location).toBe('/new');
      expect(seen).toHaveLength(1);
    });

    it('follows redirects when asked: a 303 after a POST becomes a GET', async () => {
      server.use(
        http.post('https://api.example.com/jobs', () =>
          new HttpResponse(null, { status: 303, headers: { Location: '/jobs/9' } }),
        ),
        http.get('https://api.example.com/jobs/9', () => HttpResponse.json({ id: 9 })),
      );
      const result = await runOutbound(rest, {
        variables: { method: 'POST', url: 'https://api.example.com/jobs', body: { a: 1 }, followRedirects: true },
      });
      expect(result.body).toEqual({ id: 9 });
      expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /jobs', 'GET /jobs/9']);
    });

    it('keeps the method and body on 307, and drops credentials on a hop to another origin', async () => {
      server.use(
        http.put('https://api.example.com/files/1', () =>
          new HttpResponse(null, { status: 307, headers: { Location: 'https://cdn.example.net/files/1' } }),
        ),
        http.put('https://cdn.example.net/files/1', () => HttpResponse.json({ stored: true })),
      );
      const result = await runOutbound(rest, {
        variables: {
          method: 'PUT',
          url: 'https://api.example.com/files/1',
          body: { data: 'x' },
          followRedirects: 'true',
          authentication: { type: 'apiKey', apiKeyLocation: 'headers', name: 'X-Api-Key', value: 'key-123' },
          headers: { Cookie: 'session=1', 'X-Trace': 't' },
        },
      });
      expect(result.body).toEqual({ stored: true });
      const [first, second] = seen;
      expect(first!.headers.get('x-api-key')).toBe('key-123');
      expect(second!.method).toBe('PUT');
      expect(await second!.json()).toEqual({ data: 'x' });
      expect(second!.headers.get('x-api-key')).toBeNull();
      expect(second!.headers.get('cookie')).toBeNull();
      expect(second!.headers.get('x-trace')).toBe('t');
    });

    it('stops after too many redirects and refuses a redirect to another scheme', async () => {
      server.use(
        http.get('https://api.example.com/loop', () =>
          new HttpResponse(null, { status: 302, headers: { Location: '/loop' } }),
        ),
        http.get('https://api.example.com/ftp', () =>
          new HttpResponse(null, { status: 301, headers: { Location: 'ftp://files.example.com/x' } }),
        ),
      );
      const loop = await failure(runOutbound(rest, { variables: { url: 'https://api.example.com/loop', followRedirects: true } }));
      expect(loop.code).toBe('TOO_MANY_REDIRECTS');
      expect(seen).toHaveLength(11);
      const ftp = await failure(runOutbound(rest, { variables: { url: 'https://api.example.com/ftp', followRedirects: true } }));
      expect(ftp.code).toBe('INVALID_REDIRECT');
    });
  });
});
