import type { CorrelationResult } from '@connectorkit/sdk';
import { backoffDelay, REQUEUE_BACKOFF, type Backoff } from './backoff.js';

/** What to tell the broker about one delivery once it was correlated. */
export type Settlement =
  | { action: 'ack'; reason: string }
  /** `nack(requeue = false)`: the queue's dead-letter exchange gets it (or the broker drops it). */
  | { action: 'reject'; reason: string }
  /** `nack(requeue = true)` after `delayMs`, so a failing message does not loop hot. */
  | { action: 'requeue'; reason: string; delayMs: number };

/**
 * The broker action for a correlation result:
 * - correlated (a duplicate too) and ignored: ack;
 * - failed-permanent: reject without requeue (dead-letter);
 * - failed-retryable: requeue after a backoff, until the message was delivered `maxDeliveries`
 *   times; then reject without requeue.
 */
export function settlement(
  result: CorrelationResult,
  delivery: number,
  maxDeliveries: number,
  backoff: Backoff = REQUEUE_BACKOFF,
): Settlement {
  switch (result.status) {
    case 'correlated':
      return { action: 'ack', reason: result.duplicate ? 'already correlated (duplicate message id)' : 'correlated' };
    case 'ignored':
      return { action: 'ack', reason: `ignored: ${result.reason}` };
    case 'failed-permanent':
      return { action: 'reject', reason: `${result.code}: ${result.error}` };
    case 'failed-retryable':
      if (delivery >= maxDeliveries) {
        return {
          action: 'reject',
          reason: `${result.code}: ${result.error} (delivery ${delivery} of at most ${maxDeliveries}: no retry left)`,
        };
      }
      return {
        action: 'requeue',
        reason: `${result.code}: ${result.error} (delivery ${delivery} of at most ${maxDeliveries})`,
        delayMs: backoffDelay(backoff, delivery),
      };
  }
}
