import type { CorrelationResult, InboundContext } from '@connectorkit/sdk';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { backoffDelay, RECONNECT_BACKOFF, REQUEUE_BACKOFF, sleep, type Backoff } from './backoff.js';
import type { BrokerAddress } from './connection.js';
import { DeliveryCounter } from './delivery-count.js';
import { messageVariables } from './message.js';
import { settlement } from './settle.js';
import type { DeliverySettings } from './settings.js';

/** amqplib is loaded when the first subscription connects, not when the connector loads (start-up time and memory). */
let amqplib: Promise<typeof import('amqplib')> | undefined;
const loadAmqplib = () => (amqplib ??= import('amqplib'));

/** What a subscription needs of the inbound context. */
export type SubscriptionContext = Pick<InboundContext<unknown>, 'correlate' | 'reportHealth' | 'log' | 'logger'>;

export interface SubscriptionOptions {
  address: BrokerAddress;
  queue: string;
  consumerTag: string;
  arguments: Record<string, unknown>;
  exclusive: boolean;
  settings: DeliverySettings;
  reconnectBackoff?: Backoff;
  requeueBackoff?: Backoff;
}

interface Session {
  connection: ChannelModel;
  channel: Channel;
  /** False once the channel or connection closed: its delivery tags are void (the broker requeued them). */
  open: boolean;
  /** The last error the channel or connection reported (the reason of a close). */
  error?: string;
}

const TAG = { consumer: 'consumer', message: 'message' } as const;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * One queue consumer: connects, consumes with manual acknowledgement and prefetch, correlates each
 * message and settles it by the result; reconnects with backoff when the connection or channel
 * closes; stops by cancelling the consumer, finishing in-flight messages, then closing.
 */
export class AmqpSubscription {
  private session: Session | undefined;
  /** Aborted when stop starts: ends the reconnect loop. */
  private readonly stopping = new AbortController();
  /** Aborted once the consumer is cancelled: messages waiting for their requeue backoff go back at once. */
  private readonly draining = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counter = new DeliveryCounter();
  private reconnecting: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly options: SubscriptionOptions,
    private readonly ctx: SubscriptionContext,
  ) {}

  /** Messages being correlated or waiting to be settled right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private get details(): Record<string, unknown> {
    const o = this.options;
    return { address: o.address.display, queue: o.queue, consumerTag: o.consumerTag, prefetch: o.settings.prefetch, maxDeliveries: o.settings.maxDeliveries };
  }

  private reason(e: unknown): string {
    return this.options.address.redact(errorText(e));
  }

  /** Connects and starts consuming. When the broker cannot be reached, reports DOWN and keeps trying in the background. */
  async start(): Promise<void> {
    try {
      await this.connect();
      this.up(`Consuming queue "${this.options.queue}" at ${this.options.address.display}`);
    } catch (e) {
      this.down(`Cannot consume queue "${this.options.queue}" at ${this.options.address.display}: ${this.reason(e)}`);
      this.reconnect();
    }
  }

  private up(message: string): void {
    this.ctx.reportHealth({ status: 'UP', details: this.details });
    this.ctx.log({ severity: 'info', tag: TAG.consumer, message, data: this.details });
  }

  private down(message: string, data: Record<string, unknown> = {}): void {
    this.ctx.reportHealth({ status: 'DOWN', error: { code: 'AMQP_DISCONNECTED', message }, details: { ...this.details, ...data } });
    this.ctx.log({ severity: 'warning', tag: TAG.consumer, message, data });
    this.ctx.logger.warn({ queue: this.options.queue, address: this.options.address.display }, message);
  }

  private async connect(): Promise<void> {
    const o = this.options;
    const amqp = await loadAmqplib();
    const connection = await amqp.connect(o.address.target, { clientProperties: { connection_name: `connectorkit-amqp ${o.queue}` } });
    let session: Session | undefined;
    const noteError = (what: string) => (e: unknown) => {
      if (session) session.error = this.reason(e);
      this.ctx.logger.debug({ err: this.reason(e) }, `AMQP ${what} error`);
    };
    connection.on('error', noteError('connection'));
    connection.on('close', (e: unknown) => {
      if (session) this.lost(session, e === undefined ? 'the connection closed' : `the connection closed: ${this.reason(e)}`);
    });
    try {
      const channel = await connection.createChannel();
      const current: Session = { connection, channel, open: false };
      session = current;
      channel.on('error', noteError('channel'));
      // Deferred a turn: when the whole connection closes, its own close (with the broker's reason) comes first.
      channel.on('close', () =>
        setImmediate(() => this.lost(current, current.error === undefined ? 'the channel closed' : `the channel closed: ${current.error}`)),
      );
      await channel.prefetch(o.settings.prefetch);
      current.open = true;
      await channel.consume(
        o.queue,
        (msg) => {
          if (msg === null) this.lost(current, 'the broker cancelled the consumer (queue deleted?)');
          else this.track(this.handle(current, msg));
        },
        { consumerTag: o.consumerTag, noAck: false, exclusive: o.exclusive, arguments: o.arguments },
      );
      this.session = current;
    } catch (e) {
      if (session) session.open = false;
      await connection.close().catch(() => undefined);
      throw e;
    }
  }

  /** The session ended without being asked to: report it and reconnect. */
  private lost(session: Session, why: string): void {
    session.open = false;
    // A close during a connection attempt is that attempt's error, reported by it.
    if (this.session !== session) return;
    this.session = undefined;
    void session.connection.close().catch(() => undefined);
    if (this.stopping.signal.aborted) return;
    this.down(`Lost queue "${this.options.queue}" at ${this.options.address.display}: ${why}; reconnecting`);
    this.reconnect();
  }

  private reconnect(): void {
    if (this.reconnecting || this.stopping.signal.aborted) return;
    this.reconnecting = this.reconnectLoop().finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnectLoop(): Promise<void> {
    const backoff = this.options.reconnectBackoff ?? RECONNECT_BACKOFF;
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      const delay = backoffDelay(backoff, attempt);
      await sleep(delay, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      try {
        await this.connect();
        if (this.stopping.signal.aborted) return;
        this.up(`Reconnected to queue "${this.options.queue}" at ${this.options.address.display} (attempt ${attempt})`);
        return;
      } catch (e) {
        if (this.stopping.signal.aborted) return;
        const next = backoffDelay(backoff, attempt + 1);
        this.down(`Reconnect attempt ${attempt} to ${this.options.address.display} failed: ${this.reason(e)}; next in ${next / 1000} s`, {
          attempt,
          nextAttemptMs: next,
        });
      }
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async correlate(msg: ConsumeMessage): Promise<CorrelationResult> {
    const messageId = msg.properties.messageId as unknown;
    const options = typeof messageId === 'string' && messageId !== '' ? { messageId } : {};
    try {
      return await this.ctx.correlate(messageVariables(msg), options);
    } catch (e) {
      // correlate never throws by contract; should it, retry like any internal failure.
      return { status: 'failed-retryable', code: 'INTERNAL', error: errorText(e) };
    }
  }

  private async handle(session: Session, msg: ConsumeMessage): Promise<void> {
    const delivery = this.counter.deliveryNumber(msg);
    const result = await this.correlate(msg);
    const s = settlement(result, delivery, this.options.settings.maxDeliveries, this.options.requeueBackoff ?? REQUEUE_BACKOFF);
    const data = { deliveryTag: msg.fields.deliveryTag, messageId: msg.properties.messageId as unknown, delivery };
    const tag = msg.fields.deliveryTag;
    if (s.action === 'ack') {
      this.counter.forget(msg);
      this.settle(session, msg, 'ack', () => session.channel.ack(msg));
      this.ctx.log({ severity: 'info', tag: TAG.message, message: `Message ${tag} acknowledged: ${s.reason}`, data });
    } else if (s.action === 'reject') {
      this.counter.forget(msg);
      this.settle(session, msg, 'reject', () => session.channel.nack(msg, false, false));
      this.ctx.log({ severity: 'error', tag: TAG.message, message: `Message ${tag} rejected without requeue (dead-letter): ${s.reason}`, data });
    } else {
      this.counter.recordFailure(msg, delivery);
      this.ctx.log({
        severity: 'warning',
        tag: TAG.message,
        message: `Message ${tag} failed, requeued in ${s.delayMs / 1000} s: ${s.reason}`,
        data: { ...data, delayMs: s.delayMs },
      });
      // Held (it keeps its prefetch slot) until the delay ends, or at once when the subscription stops.
      await sleep(s.delayMs, this.draining.signal);
      this.settle(session, msg, 'requeue', () => session.channel.nack(msg, false, true));
    }
  }

  private settle(session: Session, msg: ConsumeMessage, what: string, act: () => void): void {
    if (!session.open) {
      this.ctx.logger.info({ deliveryTag: msg.fields.deliveryTag }, `AMQP channel closed before ${what}: the broker redelivers the message`);
      return;
    }
    try {
      act();
    } catch (e) {
      this.ctx.logger.warn({ deliveryTag: msg.fields.deliveryTag, err: errorText(e) }, `AMQP ${what} failed: the broker redelivers the message`);
    }
  }

  /** Cancels the consumer, lets in-flight messages finish (ack / nack), then closes channel and connection. */
  stop(): Promise<void> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<void> {
    this.stopping.abort();
    // A reconnect attempt under way ends first (its backoff wait ends at once).
    await this.reconnecting;
    const session = this.session;
    if (session?.open) {
      await session.channel.cancel(this.options.consumerTag).catch((e: unknown) => {
        this.ctx.logger.warn({ err: this.reason(e) }, 'AMQP consumer cancel failed');
      });
    }
    // Only now (no consumer left to take them back) do messages waiting for a retry go back to the queue.
    this.draining.abort();
    // Deliveries that arrived before the cancel took effect are tracked too: wait until none is left.
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const current = this.session;
    this.session = undefined;
    if (current) {
      current.open = false;
      await current.channel.close().catch(() => undefined);
      await current.connection.close().catch(() => undefined);
    }
    this.ctx.log({ severity: 'info', tag: TAG.consumer, message: `Stopped consuming queue "${this.options.queue}"`, data: this.details });
  }
}
