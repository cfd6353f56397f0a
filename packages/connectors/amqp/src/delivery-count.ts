import { createHash } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';

/**
 * Counts deliveries of a message, to stop retrying one that keeps failing.
 *
 * - Quorum queues: the broker's own `x-delivery-count` header (earlier deliveries) is authoritative
 *   and survives restarts of this process and of the broker.
 * - Classic queues have no count: retryable failures are counted in memory, keyed by the AMQP
 *   `messageId` (or, without one, a hash of the body and identifying properties). A delivery the
 *   broker does not flag `redelivered` is a first delivery and resets its key. The count survives
 *   reconnects, not a restart of this process; a redelivered message with no count is taken as at
 *   least the second delivery. Two identical messages without a message id share one count while
 *   both are being retried (the count errs towards rejecting earlier, never towards looping).
 *
 * Entries are dropped when their message is settled for good; at most `capacity` are kept (oldest
 * dropped first), so a message another consumer took over cannot leak memory.
 */
export class DeliveryCounter {
  private readonly failures = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {}

  /** Which delivery of this message this is (1 = the first). */
  deliveryNumber(msg: ConsumeMessage): number {
    const key = messageKey(msg);
    if (!msg.fields.redelivered) this.failures.delete(key);
    const local = Math.max((this.failures.get(key) ?? 0) + 1, msg.fields.redelivered ? 2 : 1);
    const header: unknown = msg.properties.headers?.['x-delivery-count'];
    const broker = typeof header === 'number' && Number.isFinite(header) ? header + 1 : 0;
    return Math.max(local, broker);
  }

  /** This delivery failed and the message goes back to the queue. */
  recordFailure(msg: ConsumeMessage, deliveryNumber: number): void {
    const key = messageKey(msg);
    this.failures.delete(key);
    this.failures.set(key, deliveryNumber);
    while (this.failures.size > this.capacity) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  /** The message was acknowledged or rejected for good. */
  forget(msg: ConsumeMessage): void {
    this.failures.delete(messageKey(msg));
  }

  get size(): number {
    return this.failures.size;
  }
}

/** The identity of a message across deliveries. */
export function messageKey(msg: ConsumeMessage): string {
  const { messageId, correlationId, timestamp, type, appId } = msg.properties;
  if (messageId !== undefined && messageId !== null && String(messageId) !== '') return `id:${String(messageId)}`;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([correlationId ?? null, timestamp ?? null, type ?? null, appId ?? null, msg.fields.exchange, msg.fields.routingKey]));
  hash.update(msg.content);
  return `sha256:${hash.digest('hex')}`;
}
