import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RuntimeHandle } from '@connectorkit/runtime';
import { amqpConnector } from '@connectorkit/connector-amqp';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, RUN, testClient, type ZeebeClient } from './support/engine.js';
import { deployXml, inboundEntry, instancesOf, startInboundRuntime } from './support/inbound.js';
import { catchModel, messageStartModel } from './support/inbound-models.js';

/** The real local RabbitMQ, which `.ci/run` starts when it is down. */
const BROKER = process.env.CONNECTORKIT_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

let client: ZeebeClient;
let runtime: RuntimeHandle;
let connection: amqp.ChannelModel;
let channel: amqp.Channel;
const queues: string[] = [];

/** Properties as Camunda's stock RabbitMQ inbound templates write them. */
const stock = (queue: string, extra: Record<string, string> = {}) => ({
  'inbound.type': 'io.camunda:connector-rabbitmq-inbound:1',
  'authentication.authType': 'uri',
  'authentication.uri': '{{secrets.E2E_AMQP_URI}}',
  queueName: queue,
  ...extra,
});

async function queue(name: string, args: Record<string, unknown> = {}): Promise<string> {
  const q = `${name}-${RUN}`;
  await channel.assertQueue(q, { durable: false, autoDelete: false, arguments: args });
  queues.push(q);
  return q;
}

const send = (q: string, body: unknown, options: amqp.Options.Publish = {}) =>
  channel.sendToQueue(q, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), { contentType: 'application/json', ...options });

beforeAll(async () => {
  try {
    connection = await amqp.connect(BROKER);
  } catch (e) {
    throw new Error(`These tests need the local RabbitMQ at 127.0.0.1:5672 (.ci/run starts it): ${e instanceof Error ? e.message : String(e)}`);
  }
  channel = await connection.createChannel();
  client = testClient();
  process.env.SECRET_E2E_AMQP_URI = BROKER;
  runtime = await startInboundRuntime([amqpConnector]);
});

afterAll(async () => {
  await runtime?.stop(5000);
  for (const q of queues) await channel?.deleteQueue(q).catch(() => undefined);
  await connection?.close().catch(() => undefined);
  await client?.close();
  delete process.env.SECRET_E2E_AMQP_URI;
});

describe('AMQP connector on the runtime, against the local RabbitMQ and engine', () => {
  it('messages start instances (message start event), each once', async () => {
    const q = await queue('e2e-start');
    const pid = `e2e-amqp-start-${RUN}`;
    await deployXml(client, pid, messageStartModel(pid, `amqp-start-${RUN}`, { ...stock(q), resultExpression: '={order: message.body}' }));
    await inboundEntry(runtime, pid);
    for (let i = 0; i < 5; i++) send(q, { n: i }, { messageId: `m-${RUN}-${i}` });
    send(q, { n: 0 }, { messageId: `m-${RUN}-0` }); // the same message id again: harmless
    await eventually('5 instances', async () => ((await instancesOf(pid)).length >= 5 ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(await instancesOf(pid)).toHaveLength(5);
    expect((await channel.checkQueue(q)).messageCount).toBe(0);
  });

  it('a message correlates to a waiting instance by key', async () => {
    const q = await queue('e2e-catch');
    const pid = `e2e-amqp-catch-${RUN}`;
    await deployXml(client, pid, catchModel(pid, `amqp-paid-${RUN}`, { ...stock(q), correlationKeyExpression: '=message.body.orderId', resultExpression: '={paid: message.body.amount}' }));
    await inboundEntry(runtime, pid);
    const done = client.createProcessInstanceWithResult({ bpmnProcessId: pid, variables: { orderId: 'Q-1' }, requestTimeout: 60_000 });
    send(q, { orderId: 'Q-1', amount: 99 });
    expect((await done).variables).toMatchObject({ orderId: 'Q-1', paid: 99 });
  });

  it('a poison message (its correlation key cannot be read) goes to the dead-letter queue, not back to the queue', async () => {
    const dlq = await queue('e2e-dlq');
    const q = await queue('e2e-poison', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
    const pid = `e2e-amqp-poison-${RUN}`;
    // The correlation key expression finds nothing in this message: a permanent failure.
    await deployXml(client, pid, catchModel(pid, `amqp-poison-${RUN}`, { ...stock(q, { maxDeliveries: '2' }), correlationKeyExpression: '=message.body.orderId' }));
    await inboundEntry(runtime, pid);
    send(q, 'not json at all', { contentType: 'text/plain' });
    const dead = await eventually('the message in the dead-letter queue', async () => {
      const m = await channel.get(dlq, { noAck: true });
      return m === false ? undefined : m;
    });
    expect(dead.content.toString()).toBe('not json at all');
    const listed = await inboundEntry(runtime, pid);
    expect((listed.activity as { message: string }[]).some((a) => /INVALID_INPUT/.test(a.message))).toBe(true);
  });

  it('survives the broker closing its connection: DOWN, then UP, and messages flow again', async () => {
    const q = await queue('e2e-reconnect');
    const pid = `e2e-amqp-reconnect-${RUN}`;
    await deployXml(client, pid, messageStartModel(pid, `amqp-reconnect-${RUN}`, stock(q)));
    await inboundEntry(runtime, pid);
    // What `rabbitmqctl close_all_connections` does to every client, done to the runtime's
    // connections only (found by their connection name), so tests running beside this one keep theirs.
    const run = promisify(execFile);
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_connections', '--no-table-headers', 'pid', 'client_properties']);
    const pids = stdout
      .split('\n')
      .filter((line) => line.includes(`connectorkit-amqp ${q}`))
      .map((line) => line.split('\t')[0]!.trim());
    expect(pids.length).toBeGreaterThan(0);
    for (const p of pids) await run('rabbitmqctl', ['-q', 'close_connection', p, 'e2e: broker-side close']);
    await inboundEntry(runtime, pid, (e) => (e.activity as { message: string }[]).some((a) => /UP -> DOWN/.test(a.message)));
    await inboundEntry(runtime, pid, (e) => (e.health as { status: string }).status === 'UP' && (e.activity as { message: string }[]).some((a) => /DOWN -> UP/.test(a.message)));
    send(q, { after: true });
    await eventually('an instance after the reconnect', async () => ((await instancesOf(pid)).length >= 1 ? true : undefined));
  });
});
