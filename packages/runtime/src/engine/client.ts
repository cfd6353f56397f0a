import type { ConnectorLogger } from '@connectorkit/sdk';
import type { GrpcCompression } from '../config/types.js';
import { EngineError, toEngineError } from './errors.js';
import { useGrpcCompression } from './grpc-compression.js';
import { loadZeebe } from './sdk-load.js';
import { TolerantVariables, toActivatedJob, type SdkJobLike } from './job.js';
import { sdkLogger } from './sdk-logger.js';
import { quietNewStreams, sdkStreams, tapNewStream } from './stream-tap.js';
import { engineTargetFromEnv } from './target.js';
import type {
  ActivateJobsRequest,
  ActivatedJob,
  EngineClient,
  EngineTopology,
  FailJobCommand,
  JobStream,
  JobStreamRequest,
  ThrowErrorCommand,
} from './types.js';
import { withTimeout } from './timeout.js';

export interface EngineClientOptions {
  /** Where the client's own diagnostics go (at debug, except warnings and errors). */
  logger: ConnectorLogger;
  /** Default timeout of {@link EngineClient.topology} (ms). Default 5000. */
  topologyTimeoutMs?: number;
  /** Compression of the messages sent to the engine (see grpc-compression.ts). Default: the SDK's (gzip). */
  grpcCompression?: GrpcCompression;
}

/**
 * Zeebe treats an empty `fetchVariable` list as "all variables". A connector that declares no
 * properties must get none, so it asks for one name no process uses.
 */
export const NO_VARIABLES = '__connectorkit_no_variables__';

const fetchList = (names: readonly string[]): string[] => (names.length > 0 ? [...names] : [NO_VARIABLES]);

type Sdk = typeof import('@camunda8/sdk');
type ZeebeGrpcClient = InstanceType<Sdk['Zeebe']['ZeebeGrpcClient']>;
type StreamRequest = Parameters<ZeebeGrpcClient['streamJobs']>[0];
/** Job variables as the SDK types them (JSON documents); ours are plain records of JSON values. */
type SdkVariables = Parameters<ZeebeGrpcClient['failJob']>[0]['variables'];
type CompleteVariables = Parameters<ZeebeGrpcClient['completeJob']>[0]['variables'];


/**
 * Creates the engine client: the gRPC client `new Camunda8().getZeebeGrpcApiClient()` would return,
 * configured only by the SDK's standard environment variables (`ZEEBE_GRPC_ADDRESS`,
 * `CAMUNDA_AUTH_STRATEGY`, the OAuth variables, TLS settings...), so SaaS, Self-Managed and a local
 * engine work without code changes.
 *
 * The SDK reads the environment when it is first imported, so it is imported here, lazily. Only
 * its Zeebe part is loaded (`ZeebeGrpcClient`, which merges the environment and builds the OAuth
 * provider itself, as `Camunda8` does for it): the package's index also loads the REST, Operate,
 * Tasklist, Optimize, Modeler and Admin clients, about 15 MB of memory and a third of its load
 * time that the runtime never uses.
 * Its own console logging defaults to `ZEEBE_CLIENT_LOG_LEVEL=NONE` (the runtime reports
 * connection and job problems itself); set the variable to see the SDK's messages.
 */
export async function createEngineClient(options: EngineClientOptions): Promise<EngineClient> {
  const { ZeebeGrpcClient } = await loadZeebe();
  let uncompressed = false;
  if (options.grpcCompression !== undefined) {
    const problem = useGrpcCompression(options.grpcCompression);
    if (problem) options.logger.warn({ grpcCompression: options.grpcCompression }, `gRPC compression left as the SDK sets it (gzip): ${problem}`);
    uncompressed = options.grpcCompression === 'none' && problem === undefined;
  }
  const target = engineTargetFromEnv();
  // The SDK's configuration keeps `logger` (its OAuth provider logs through it), as `Camunda8` passes it.
  const config = {
    logger: sdkLogger(options.logger),
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: (process.env.ZEEBE_CLIENT_LOG_LEVEL as 'NONE' | undefined) ?? 'NONE',
    },
  };
  const zb: ZeebeGrpcClient = new ZeebeGrpcClient({ config });
  return new SdkEngineClient(zb, target, options.topologyTimeoutMs ?? 5000, uncompressed ? MAX_MESSAGE_BYTES : undefined);
}

/**
 * Zeebe's default maximum message size (the gateway's and the broker's `maxMessageSize`). Sent
 * uncompressed, a command with more variables than that cannot pass: the gateway answers
 * RESOURCE_EXHAUSTED, which the SDK takes for backpressure and retries forever (the local engine
 * does not answer at all). Such a command is refused here, at once, as the engine would refuse it.
 */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Room for the rest of a job command (key, message, retries) beside its variables. */
const COMMAND_OVERHEAD_BYTES = 8 * 1024;
/** grpc-js `connectivityState.READY`. */
const GRPC_READY = 2;

class SdkEngineClient implements EngineClient {
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Streams open one at a time, so the stream the SDK just added to its list is known to be ours. */
  private streamOpening: Promise<unknown> = Promise.resolve();
  /** The SDK retries a call to an unreachable gateway for a long time: probes share one call. */
  private pendingTopology: Promise<EngineTopology> | undefined;

  constructor(
    private readonly zb: ZeebeGrpcClient,
    readonly target: EngineClient['target'],
    private readonly topologyTimeoutMs: number,
    /** Largest command sent (uncompressed); undefined: no check (gzip, the engine decides). */
    private readonly maxMessageBytes?: number,
  ) {
    // The SDK's gRPC client (a promise until it is built) holds the grpc-js client of the commands,
    // whose channel tells whether the connection is up. Guarded: when the SDK's internals look
    // different, `connected()` answers "unknown".
    void (zb as unknown as { grpc?: Promise<{ client?: { getChannel?: () => unknown } }> }).grpc
      ?.then((g) => {
        const channel = g?.client?.getChannel?.() as { getConnectivityState?: unknown } | undefined;
        if (typeof channel?.getConnectivityState === 'function') this.channel = channel as NonNullable<SdkEngineClient['channel']>;
      })
      .catch(() => undefined);
  }

  /** The grpc-js channel of the commands, once the SDK has built it. */
  private channel:
    | {
        getConnectivityState(tryToConnect: boolean): number;
        watchConnectivityState?(current: number, deadline: number, callback: (error?: Error) => void): void;
      }
    | undefined;

  /** Throws ENGINE_REJECTED when a command with these variables cannot fit in one message. */
  private assertFits(what: string, variables: unknown): void {
    if (this.maxMessageBytes === undefined || variables === undefined) return;
    let bytes: number;
    try {
      bytes = Buffer.byteLength(JSON.stringify(variables));
    } catch {
      return; // the SDK reports what it cannot serialise
    }
    if (bytes + COMMAND_OVERHEAD_BYTES > this.maxMessageBytes) {
      throw new EngineError(
        'ENGINE_REJECTED',
        `${what}: ${bytes} bytes of variables are too large for the engine's maximum message size of ${this.maxMessageBytes} bytes (sent uncompressed, CONNECTORKIT_GRPC_COMPRESSION=none)`,
      );
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineError('ENGINE_CLOSED', 'the engine client is closed');
  }

  connected(): boolean | undefined {
    if (this.closed) return false;
    return this.channel === undefined ? undefined : this.channel.getConnectivityState(false) === GRPC_READY;
  }

  watchConnection(onChange: () => void): boolean {
    const watch = this.channel?.watchConnectivityState;
    if (typeof watch !== 'function' || this.connected() !== true) return false;
    try {
      // No deadline: grpc-js then keeps no timer, and calls back on the next change of state
      // (a close included, so nothing is left waiting after `close()`).
      watch.call(this.channel, GRPC_READY, Infinity, () => onChange());
    } catch {
      return false; // shut down between the two calls
    }
    return true;
  }

  topology(options: { timeoutMs?: number } = {}): Promise<EngineTopology> {
    this.assertOpen();
    this.pendingTopology ??= this.zb
      .topology()
      .then((t) => {
        if (!t) throw new EngineError('ENGINE_CLOSED', 'the engine client is closed');
        return {
          gatewayVersion: t.gatewayVersion,
          clusterSize: t.clusterSize,
          partitionsCount: t.partitionsCount,
          brokers: t.brokers.map((b) => ({
            nodeId: b.nodeId,
            host: b.host,
            port: b.port,
            version: (b as { version?: string }).version,
            partitions: b.partitions.map((p) => ({ partitionId: p.partitionId, role: String(p.role), health: String(p.health) })),
          })),
        };
      })
      .finally(() => {
        this.pendingTopology = undefined;
      });
    const timeoutMs = options.timeoutMs ?? this.topologyTimeoutMs;
    return withTimeout(
      this.pendingTopology,
      timeoutMs,
      () => new EngineError('ENGINE_UNREACHABLE', `no answer from the engine at ${this.target.address} within ${timeoutMs} ms`),
    ).catch((e: unknown) => {
      if (e instanceof EngineError) throw e;
      throw new EngineError('ENGINE_UNREACHABLE', `engine at ${this.target.address}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    });
  }

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    this.assertOpen();
    let jobs: SdkJobLike[];
    try {
      jobs = (await this.zb.activateJobs({
        type: request.type,
        worker: request.worker,
        timeout: request.timeoutMs,
        maxJobsToActivate: request.maxJobsToActivate,
        requestTimeout: request.requestTimeoutMs,
        fetchVariable: fetchList(request.fetchVariables),
        inputVariableDto: TolerantVariables as never, // an integer beyond 2^53 becomes an incident, not a console dump
        ...(request.tenantIds ? { tenantIds: [...request.tenantIds] } : {}),
      })) as unknown as SdkJobLike[];
    } catch (e) {
      throw new EngineError('ENGINE_UNREACHABLE', `activating jobs of type '${request.type}' failed: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
    return jobs.map(toActivatedJob);
  }

  async openJobStream(request: JobStreamRequest, onJob: (job: ActivatedJob) => void): Promise<JobStream> {
    this.assertOpen();
    const streamRequest: StreamRequest = {
      type: request.type,
      worker: request.worker,
      timeout: request.timeoutMs,
      fetchVariables: fetchList(request.fetchVariables),
      inputVariableDto: TolerantVariables as never, // an integer beyond 2^53 becomes an incident, not a console dump
      // Undefined lets the SDK apply CAMUNDA_TENANT_ID.
      tenantIds: request.tenantIds ? [...request.tenantIds] : (undefined as unknown as string[]),
      // No periodic poll inside the SDK's stream: the runtime's worker runs its own, capacity-aware.
      pollInterval: 0,
      // The SDK polls once when the stream opens, for jobs created before it.
      pollMaxJobsToActivate: Math.max(1, request.backfillMaxJobs ?? 1),
      taskHandler: (job) => {
        onJob(toActivatedJob(job as unknown as SdkJobLike));
        // The runtime acknowledges the job itself (see completeJob/failJob/throwError).
        return job.forward();
      },
    };
    const open = this.streamOpening.then(async () => {
      const before = new Set(sdkStreams(this.zb) ?? []);
      let unquiet = () => {};
      try {
        const opening = this.zb.streamJobs(streamRequest);
        unquiet = quietNewStreams(this.zb); // the SDK's stream worker exists now; its stream comes later
        const handle = await opening;
        return { handle, tap: tapNewStream(this.zb, before) };
      } catch (e) {
        // The SDK opens the stream before its first poll; when that poll fails, the stream stays behind.
        tapNewStream(this.zb, before)?.cancel();
        throw new EngineError('ENGINE_UNREACHABLE', `opening a job stream for '${request.type}' failed: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      } finally {
        unquiet();
      }
    });
    this.streamOpening = open.catch(() => undefined);
    const { handle, tap } = await open;
    return {
      observed: tap !== undefined,
      onEnd: (listener) => tap?.onEnd(listener),
      pause: () => {
        tap?.pause();
        return tap !== undefined;
      },
      resume: () => tap?.resume(),
      close: () => {
        tap?.closed();
        handle.close();
      },
    };
  }

  async completeJob(jobKey: string, variables: Record<string, unknown>): Promise<void> {
    this.assertOpen();
    this.assertFits(`completing job ${jobKey}`, variables);
    try {
      await this.zb.completeJob({ jobKey, variables: variables as CompleteVariables });
    } catch (e) {
      throw toEngineError(e, `completing job ${jobKey}`);
    }
  }

  async failJob(command: FailJobCommand): Promise<void> {
    this.assertOpen();
    this.assertFits(`failing job ${command.jobKey}`, command.variables);
    try {
      await this.zb.failJob({
        jobKey: command.jobKey,
        errorMessage: command.errorMessage,
        retries: command.retries,
        retryBackOff: command.retryBackoffMs,
        ...(command.variables ? { variables: command.variables as SdkVariables } : {}),
      });
    } catch (e) {
      throw toEngineError(e, `failing job ${command.jobKey}`);
    }
  }

  async updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void> {
    this.assertOpen();
    try {
      await this.zb.updateJobTimeout({ jobKey, timeout: timeoutMs });
    } catch (e) {
      throw toEngineError(e, `updating the timeout of job ${jobKey}`);
    }
  }

  async throwError(command: ThrowErrorCommand): Promise<void> {
    this.assertOpen();
    this.assertFits(`throwing an error for job ${command.jobKey}`, command.variables);
    try {
      await this.zb.throwError({
        jobKey: command.jobKey,
        errorCode: command.errorCode,
        errorMessage: command.errorMessage,
        ...(command.variables ? { variables: command.variables as SdkVariables } : {}),
      });
    } catch (e) {
      throw toEngineError(e, `throwing error ${command.errorCode} for job ${command.jobKey}`);
    }
  }

  close(timeoutMs = 5000): Promise<void> {
    this.closed = true;
    this.closing ??= withTimeout(
      this.zb.close(timeoutMs).then(() => undefined),
      timeoutMs,
      () => new EngineError('ENGINE_UNREACHABLE', 'closing the engine client timed out'),
    ).catch(() => undefined);
    return this.closing;
  }
}
