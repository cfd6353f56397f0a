import type { JobInfo } from '@connectorkit/sdk';

/** A job handed to this runtime by the engine, in the runtime's own shape (keys as strings). */
export interface ActivatedJob {
  info: JobInfo;
  /** The variables the job was activated with (only the fetched ones). */
  variables: Record<string, unknown>;
  /**
   * Variables the runtime cannot read exactly (an integer beyond 2^53): the job fails at once with
   * an incident naming them, and its connector does not run. Absent when there are none.
   */
  unreadable?: readonly UnreadableVariable[];
}

/** A variable value the runtime cannot hold exactly. */
export interface UnreadableVariable {
  /** Where it is: `amount`, `order.lines[2].id`. */
  path: string;
  /** The rule it breaks, in words. */
  rule: string;
}

export interface EngineTopology {
  gatewayVersion: string;
  clusterSize: number;
  partitionsCount: number;
  brokers: ReadonlyArray<{
    nodeId: number;
    host: string;
    port: number;
    version?: string;
    partitions: ReadonlyArray<{ partitionId: number; role: string; health: string }>;
  }>;
}

interface JobRequestBase {
  /** Job type. */
  type: string;
  /** Name of the worker, shown in Operate for the jobs it holds. */
  worker: string;
  /** How long a job stays locked to this worker once activated (ms). */
  timeoutMs: number;
  /** Top-level variables to fetch; an empty list fetches none (not all). */
  fetchVariables: readonly string[];
  tenantIds?: readonly string[];
}

export interface ActivateJobsRequest extends JobRequestBase {
  maxJobsToActivate: number;
  /** How long the gateway may hold the request open waiting for jobs (ms); -1 answers at once. */
  requestTimeoutMs: number;
}

export interface JobStreamRequest extends JobRequestBase {
  /** Jobs at most to take in the poll made when the stream opens (jobs created before it). Default 1. */
  backfillMaxJobs?: number;
}

/** An open job stream: the engine pushes jobs of one type as they become activatable. */
export interface JobStream {
  close(): void;
  /** Called once when the stream ends or fails without {@link close} having been called. */
  onEnd(listener: (reason: string) => void): void;
  /** False when the client cannot see the stream itself (then {@link onEnd} never fires and {@link pause} cannot). */
  readonly observed: boolean;
  /**
   * Stops reading (gRPC flow control): once the transport buffers fill, the engine stops pushing
   * and leaves new jobs activatable for others. Jobs already received wait until {@link resume}.
   * Returns false when the stream cannot be paused.
   */
  pause(): boolean;
  resume(): void;
}

export interface FailJobCommand {
  jobKey: string;
  errorMessage: string;
  /** Retries left after this failure; 0 raises an incident. */
  retries: number;
  retryBackoffMs: number;
  variables?: Record<string, unknown>;
}

export interface ThrowErrorCommand {
  jobKey: string;
  errorCode: string;
  errorMessage: string;
  variables?: Record<string, unknown>;
}

/** The runtime's only door to Zeebe. Everything else in the runtime talks to this, never to `@camunda8/sdk`. */
export interface EngineClient {
  /** Where the client connects (address and auth strategy only: never a credential). */
  readonly target: EngineTarget;
  /** Cluster topology; rejects with an {@link EngineError} `ENGINE_UNREACHABLE` after `timeoutMs`. */
  topology(options?: { timeoutMs?: number }): Promise<EngineTopology>;
  /**
   * Whether the connection of the client's commands is established right now (gRPC channel READY),
   * without a call: false while it connects, has failed or is idle; undefined when unknown.
   */
  connected?(): boolean | undefined;
  /**
   * Calls `onChange` once, when the established connection of the client's commands changes state
   * (drops, fails, goes idle, closes), with no timer until then. Returns false, and calls nothing,
   * when the connection is not established now or cannot be watched: check it at an interval then.
   */
  watchConnection?(onChange: () => void): boolean;
  /** One activation round (long polling when `requestTimeoutMs` > 0 and the gateway supports it). */
  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]>;
  /** Opens a job stream; `onJob` is called for every pushed job. */
  openJobStream(request: JobStreamRequest, onJob: (job: ActivatedJob) => void): Promise<JobStream>;
  completeJob(jobKey: string, variables: Record<string, unknown>): Promise<void>;
  failJob(command: FailJobCommand): Promise<void>;
  throwError(command: ThrowErrorCommand): Promise<void>;
  /**
   * Gives an activated job a new timeout from now (Zeebe 8.5+; the task's `jobTimeout` header).
   * Optional: a client without it leaves every job the worker's timeout.
   */
  updateJobTimeout?(jobKey: string, timeoutMs: number): Promise<void>;
  /** Closes streams and connections; resolves after `timeoutMs` at the latest. */
  close(timeoutMs?: number): Promise<void>;
}

export interface EngineTarget {
  /** gRPC address, e.g. `grpc://localhost:26500`. */
  address: string;
  /** `CAMUNDA_AUTH_STRATEGY` (NONE, OAUTH, BASIC, BEARER, COOKIE), or `OAUTH (implicit)` as the SDK infers it. */
  authStrategy: string;
}
