// The "third-party API" of the example: a small HTTP server on this machine (no internet needed).
// POST /greetings {"name":"Ada"} answers {"greeting":"Hello, Ada!"}.
import { createServer } from 'node:http';

/** Starts the service on 127.0.0.1 (port 0: a free one); resolves with its base URL and a close function. */
export function startGreetingService({ port = 0, onRequest = () => {} } = {}) {
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/greetings') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${req.method} ${req.url}` }));
        return;
      }
      let name = 'stranger';
      try {
        name = String(JSON.parse(raw || '{}').name ?? name);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the body is not JSON' }));
        return;
      }
      const body = { greeting: `Hello, ${name}!` };
      onRequest(name, body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
