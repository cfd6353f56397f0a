/**
 * The task lean.ts and startup.ts measure (issue #15): one service task shaped like Camunda's stock
 * REST template (GET of a URL, answer mapped by a FEEL resultExpression), and the small JSON server
 * it calls, inside the benchmark process.
 */
import { createServer, type Server } from 'node:http';
import { oneTaskProcess } from './bpmn.js';

export const RESULT_EXPRESSION = '={customerName: response.body.name, customerTier: response.body.tier}';
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** One service task shaped like Camunda's stock REST template (GET, url, resultExpression). */
export function restProcess(processId: string, jobType: string, url: string): string {
  return oneTaskProcess(
    processId,
    jobType,
    `
        <zeebe:ioMapping>
          <zeebe:input source="noAuth" target="authentication.type" />
          <zeebe:input source="GET" target="method" />
          <zeebe:input source="${xml(url)}" target="url" />
          <zeebe:input source="=20" target="connectionTimeoutInSeconds" />
          <zeebe:input source="=20" target="readTimeoutInSeconds" />
        </zeebe:ioMapping>
        <zeebe:taskHeaders>
          <zeebe:header key="elementTemplateId" value="io.camunda.connectors.HttpJson.v2" />
          <zeebe:header key="elementTemplateVersion" value="12" />
          <zeebe:header key="resultExpression" value="${xml(RESULT_EXPRESSION)}" />
        </zeebe:taskHeaders>`,
  );
}

/** The REST endpoint both sides call: a small JSON answer, keep-alive. */
export async function startRestServer(): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const body = JSON.stringify({ id: 42, name: 'Ada Lovelace', tier: 'gold', tags: ['a', 'b'] });
  const server = createServer((req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}/customers/42`, hits: () => hits };
}

/** What the start-up measure needs of an engine client (an `@camunda8/sdk` ZeebeGrpcClient). */
export interface InstanceStarter {
  deployResource(o: { name: string; process: Buffer }): Promise<unknown>;
  createProcessInstanceWithResult(o: { bpmnProcessId: string; variables: Record<string, never>; requestTimeout: number }): Promise<unknown>;
}
