/**
 * The baseline of the AMQP benchmark: a bare `amqplib` consumer that hands each message to Zeebe
 * through `@camunda8/sdk`, then acks it. Started by amqp.ts in a process of its own (transpiled to
 * plain JavaScript first, so it runs on plain `node` like the runtime's build); prints `READY` on
 * stdout once consuming, and stops on SIGTERM or when its parent's IPC channel closes.
 *
 *   node amqp-bare.js --uri amqp://... --queue Q --prefetch 10 --kind message-start|start
 *                     (--message-name M | --process-id P)
 *
 * It does what the runtime does for the element kind, with the same SDK settings (gRPC retries
 * off): `message-start` publishes the message (name, empty correlation key, the AMQP messageId,
 * TTL 1 h, variables `{seq}`); `start` creates an instance with variables `{seq}`. Then `ack`. A
 * failed command requeues the message after 1 s (never hit in a healthy run).
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    uri: { type: 'string' },
    queue: { type: 'string' },
    prefetch: { type: 'string', default: '10' },
    kind: { type: 'string', default: 'message-start' },
    'message-name': { type: 'string' },
    'process-id': { type: 'string' },
  },
});

const { uri, queue } = values;
if (!uri || !queue) throw new Error('--uri and --queue are required');
const kind = values.kind;
if (kind !== 'message-start' && kind !== 'start') throw new Error(`--kind must be message-start or start, got ${kind}`);
const messageName = values['message-name'] ?? '';
const processId = values['process-id'] ?? '';
if (kind === 'message-start' && !messageName) throw new Error('--message-name is required with --kind message-start');
if (kind === 'start' && !processId) throw new Error('--process-id is required with --kind start');

process.env.ZEEBE_CLIENT_LOG_LEVEL ??= 'NONE';
const { default: amqp } = await import('amqplib');
const { Camunda8 } = await import('@camunda8/sdk');
const zb = new Camunda8({ zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false } } as never).getZeebeGrpcApiClient();

const connection = await amqp.connect(uri, { clientProperties: { connection_name: `amqp-bench bare ${queue}` } });
const channel = await connection.createChannel();
await channel.prefetch(Number(values.prefetch));
let acked = 0;
let failed = 0;

async function handle(msg: import('amqplib').ConsumeMessage): Promise<void> {
  try {
    const body = JSON.parse(msg.content.toString('utf8')) as { seq?: unknown };
    const variables = { seq: body.seq };
    if (kind === 'message-start') {
      const messageId = msg.properties.messageId as unknown;
      await zb.publishMessage({
        name: messageName,
        correlationKey: '',
        ...(typeof messageId === 'string' && messageId !== '' ? { messageId } : {}),
        timeToLive: 3_600_000,
        variables,
      } as never);
    } else {
      await zb.createProcessInstance({ bpmnProcessId: processId, variables } as never);
    }
    channel.ack(msg);
    acked++;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 6) {
      // ALREADY_EXISTS: this message id was published before; as the runtime does, a duplicate is acked.
      channel.ack(msg);
      acked++;
      return;
    }
    failed++;
    process.stderr.write(`bare consumer: ${e instanceof Error ? e.message : String(e)}\n`);
    setTimeout(() => channel.nack(msg, false, true), 1000);
  }
}

await channel.consume(queue, (msg) => {
  if (msg) void handle(msg);
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(0), 3000);
  timer.unref();
  try {
    await connection.close();
    await zb.close(2000);
  } finally {
    process.stderr.write(`bare consumer acked ${acked} messages, ${failed} failed commands\n`);
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());

process.stdout.write('READY\n');
