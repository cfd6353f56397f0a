/**
 * Runs one outbound job for a worker. The job itself (binding, the connector, result and error
 * expressions, retries and backoff) is the SDK's `executeOutboundJob`, the same code the testing
 * kit's `runOutboundJob` runs; the runtime adds the outcome's log line.
 */
import {
  executeOutboundJob,
  type ConnectorLogger,
  type KindedOutcome,
  type OutboundConnector,
  type OutboundJob,
  type OutboundJobDeps,
  truncateMessage,
} from '@connectorkit/sdk';

export { describeThrown, type ErrorInfo } from '@connectorkit/sdk';

export type ExecuteDeps = OutboundJobDeps;
export type ActivatedJobInput = OutboundJob;

/**
 * Runs one outbound job and logs its outcome. Never throws: every path yields an outcome, so the
 * job is always acknowledged. Messages and variables of failures never carry a secret.
 */
export async function executeJob(
  connector: OutboundConnector,
  job: ActivatedJobInput,
  deps: ExecuteDeps,
  options: { timedOut?: () => string | undefined } = {},
): Promise<KindedOutcome> {
  let outcome = await executeOutboundJob(connector, job, deps);
  const timeout = options.timedOut?.();
  if (timeout !== undefined && outcome.action === 'fail') outcome = timedOutOutcome(outcome, timeout);
  report(deps.logger, outcome);
  return outcome;
}

/**
 * A failure after the job timeout ran out says so, whatever the connector made of its aborted
 * call (an HTTP client reports only that it was cancelled).
 */
export function timedOutOutcome(outcome: Extract<KindedOutcome, { action: 'fail' }>, timeout: string): KindedOutcome {
  return {
    ...outcome,
    errorMessage: truncateMessage(
      `The job timeout ran out: the connector was stopped after ${timeout} (the job timeout, CONNECTORKIT_JOB_TIMEOUT). The connector reported: ${outcome.errorMessage}`,
    ),
  };
}

function report(logger: ConnectorLogger, outcome: KindedOutcome): void {
  try {
    // The job's own logger carries jobKey, jobType and processInstanceKey on every line.
    const base = { kind: outcome.kind };
    if (outcome.action === 'complete') logger.debug(base, 'job completed');
    else if (outcome.action === 'error') logger.info({ ...base, errorCode: outcome.errorCode }, `job threw BPMN error: ${outcome.errorMessage}`);
    else logger.warn({ ...base, retries: outcome.retries, retryBackoffMs: outcome.retryBackoffMs }, `job failed: ${outcome.errorMessage}`);
  } catch {
    // a broken logger must not lose the outcome
  }
}
