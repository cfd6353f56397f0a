/**
 * Test helpers around the REAL RabbitMQ (127.0.0.1:5672, guest/guest; override with
 * CONNECTORKIT_TEST_AMQP_URL). No fake broker: when it cannot be reached, the tests fail saying so.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import amqp, { type Channel, type ChannelModel, type Options } from 'amqplib';

export const BROKER_URL = process.env['CONNECTORKIT_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

const run = promisify(execFile);

export interface Broker {
  connection: ChannelModel;
  channel: Channel;
  close(): Promise<void>;
}

export async function connectBroker(): Promise<Broker> {
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(BROKER_URL, { timeout: 5_000 });
  } catch (e) {
    throw new Error(
      `These tests need a real RabbitMQ at ${BROKER_URL.replace(/:[^:@/]*@/, ':***@')} (set CONNECTORKIT_TEST_AMQP_URL to use another); connecting failed: ${(e as Error).message}`,
    );
  }
  connection.on('error', () => undefined);
  const channel = await connection.createChannel();
  return { connection, channel, close: () => connection.close().catch(() => undefined) };
}

export interface TestQueue {
  name: string;
  /** Queue the dead-letter exchange routes to. */
  dlq: string;
  publish(body: string | object, options?: Options.Publish): void;
  /** Ready messages (unacknowledged ones are not counted). */
  count(): Promise<number>;
  dlqCount(): Promise<number>;
  delete(): Promise<void>;
}

/** A queue with a unique name whose dead-letter exchange routes to its own DLQ. */
export async function createQueue(broker: Broker, options: { type?: 'classic' | 'quorum'; declare?: boolean } = {}): Promise<TestQueue> {
  const name = `ck-amqp-test-${randomUUID()}`;
  const dlx = `${name}.dlx`;
  const dlq = `${name}.dlq`;
  const ch = broker.channel;
  await ch.assertExchange(dlx, 'fanout', { durable: false, autoDelete: false });
  await ch.assertQueue(dlq, { durable: true });
  await ch.bindQueue(dlq, dlx, '');
  const declare = () =>
    ch.assertQueue(name, { durable: true, arguments: { 'x-dead-letter-exchange': dlx, 'x-queue-type': options.type ?? 'classic' } });
  if (options.declare !== false) await declare();
  return {
    name,
    dlq,
    publish(body, publishOptions = {}) {
      const content = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      ch.sendToQueue(name, content, { persistent: true, ...publishOptions });
    },
    count: async () => (await ch.checkQueue(name)).messageCount,
    dlqCount: async () => (await ch.checkQueue(dlq)).messageCount,
    async delete() {
      await ch.deleteQueue(name).catch(() => undefined);
      await ch.deleteQueue(dlq).catch(() => undefined);
      await ch.deleteExchange(dlx).catch(() => undefined);
    },
  };
}

/** Redeclares the queue `name` as createQueue would (for a test that starts without it). */
export async function declareQueue(broker: Broker, q: TestQueue): Promise<void> {
  await broker.channel.assertQueue(q.name, { durable: true, arguments: { 'x-dead-letter-exchange': `${q.name}.dlx`, 'x-queue-type': 'classic' } });
}

/** Waits until `check` holds (polling every 50 ms), failing with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Closes, from the broker's side (rabbitmqctl close_connection), the connections whose connection_name holds `marker`. */
export async function closeConnectionsFromBroker(marker: string): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['-q', 'list_connections', '--no-table-headers', 'pid', 'client_properties']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => line.split('\t')[0]!.trim())
    .filter((pid) => pid.startsWith('<'));
  for (const pid of pids) await run('rabbitmqctl', ['-q', 'close_connection', pid, 'connectorkit test: broker-side close']);
  return pids.length;
}

/** A gate correlate calls wait at, to hold messages in flight. */
export function gate(): { wait(): Promise<void>; open(): void } {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return { wait: () => opened, open: () => release() };
}
