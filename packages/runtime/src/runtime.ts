import { warmLazyLoads, type InboundConnector, type OutboundConnector, type SecretProvider } from '@connectorkit/sdk';
import type { Logger } from 'pino';
import { checkConnectorSettings, type RuntimeConfig } from './config/index.js';
import { randomUUID } from 'node:crypto';
import {
  createDefinitionSource,
  createEngineClient,
  createInboundEngine,
  EngineMonitor,
  restAddressFromEnv,
  supportsJobStreaming,
  type EngineClient,
  type EngineTarget,
  type EngineTopology,
} from './engine/index.js';
import { loadConnectors, type LoadResult } from './loader/index.js';
import {
  createLogger,
  RuntimeMetrics,
  startHttpServer,
  type HealthReport,
  type HttpServer,
  type OutboundConnectorInfo,
  type WorkerHealth,
} from './observability/index.js';
import type { InboundConnectorInfo } from './inbound/executable.js';
import { InboundPart } from './inbound/part.js';
import { OutboundWorker, type OutboundWorkerOptions, type WorkerStopReport } from './outbound/worker.js';
import { workerHealth, type WorkerMode, type WorkerStatus } from './outbound/worker-status.js';
import { secretProviderFromConfig } from './secrets/index.js';
import { openRuntimeStore } from './state/index.js';
import { registerWebhookRoutes } from './webhook/routes.js';
import { WebhookRouter } from './webhook/router.js';

export interface StartRuntimeOptions {
  /** Connector definitions to serve besides the loaded ones (embedding, tests). */
  connectors?: readonly (OutboundConnector | InboundConnector)[];
  /** Default: JSON lines on standard output at `config.logLevel`. */
  logger?: Logger;
  /** Default: environment (`config.secrets.envPrefix`) then files (`config.secrets.dirs`). */
  secrets?: SecretProvider;
  metrics?: RuntimeMetrics;
  /** Fine-tuning of the workers' watchdog and long polling (ms); defaults suit production. */
  workerTuning?: Pick<OutboundWorkerOptions, 'longPollMs' | 'watchdogIntervalMs' | 'stallGraceMs' | 'streamSettleMs'>;
  /**
   * Engine probe interval while it answers and its connection cannot be watched (ms). Default 2000;
   * while it does not answer, every second. A watched connection is called every 30 s.
   */
  engineProbeIntervalMs?: number;
}

export interface RuntimeStopReport {
  /** In-flight jobs of every worker finished within the deadline. */
  drained: boolean;
  /** Jobs failed with their retries unchanged so another worker takes them. */
  handedBack: number;
  workers: WorkerStopReport[];
}

export interface RuntimeHandle {
  /** Base URL of the HTTP server (health, metrics, connector list). */
  url: string;
  /** Where the engine client connects (never a credential). */
  engine: EngineTarget;
  /** Resolves once the engine answered and the workers run; rejects if stopped before. */
  ready: Promise<void>;
  /** The outbound connectors and their status (also `GET /connectors/outbound`). */
  readonly connectors: OutboundConnectorInfo[];
  /** Connector packages that failed to load (logged; the others are served). */
  readonly loadFailures: LoadResult['failures'];
  /** Inbound connectors: running, failed, and elements that cannot run (also `GET /inbound`). */
  inbound(): InboundConnectorInfo[];
  /** The inbound connectors installed (they run once a deployed process uses them). */
  readonly inboundConnectors: { id: string; type: string; kind: string; package?: string }[];
  /** Connectors selected out by configuration (allow/deny lists), with why. */
  readonly skipped: LoadResult['skipped'];
  /** Why inbound is off, when it is (no REST address, turned off, no inbound connector installed). */
  readonly inboundOff: string | undefined;
  /** Resolves after the first inbound discovery round (at once when inbound is off). */
  inboundDiscovered(): Promise<void>;
  /** The readiness report (also `GET /health/ready`). */
  health(): HealthReport;
  workers(): WorkerStatus[];
  /**
   * Graceful stop: stop activating, let in-flight jobs finish within `deadlineMs` (default
   * `config.shutdownTimeoutMs`), hand the rest back with their retries unchanged, close the
   * HTTP server and the engine client. Calling it again returns the same promise.
   */
  stop(deadlineMs?: number): Promise<RuntimeStopReport>;
}

/**
 * Starts the connector runtime: loads the connectors, starts the HTTP server, connects to the
 * engine and, once it answers, one worker per outbound connector (job streaming when the engine
 * offers it and the configuration allows, polling otherwise).
 */
export async function startRuntime(config: RuntimeConfig, options: StartRuntimeOptions = {}): Promise<RuntimeHandle> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'connectors' });
  const metrics = options.metrics ?? new RuntimeMetrics();
  const secrets = options.secrets ?? secretProviderFromConfig({ envPrefix: config.secrets.envPrefix, dirs: config.secrets.dirs });

  const loaded = await loadConnectors({ ...config.connectors, cwd: config.cwd, logger, definitions: options.connectors ?? [] });
  checkConnectorSettings(config, [...loaded.outbound, ...loaded.inbound].map((l) => l.connector));
  if (loaded.outbound.length === 0 && loaded.inbound.length === 0) logger.warn('no connector to serve');

  const restAddress = restAddressFromEnv();
  const inboundOff = !config.inbound.enabled
    ? 'turned off by configuration (CONNECTORKIT_INBOUND_ENABLED=false)'
    : loaded.inbound.length === 0
      ? 'no inbound connector is installed'
      : restAddress === undefined
        ? 'no engine REST address is configured (set ZEEBE_REST_ADDRESS or CAMUNDA_REST_ADDRESS): inbound connectors need it to find the deployed processes'
        : undefined;
  if (inboundOff && loaded.inbound.length > 0) {
    logger.warn({ connectors: loaded.inbound.map((i) => i.connector.type) }, `inbound is off: ${inboundOff}`);
  }
  const webhooks = new WebhookRouter();
  const store = openRuntimeStore(config.inbound.stateUrl, config.cwd);
  const inbound = new InboundPart({
    connectors: inboundOff ? [] : loaded.inbound.map((i) => i.connector),
    source: inboundOff ? undefined : () => createDefinitionSource({ address: restAddress!, logger: logger.child({ component: 'discovery' }) }),
    engine: () => createInboundEngine({ logger: logger.child({ component: 'engine' }) }),
    intervalMs: config.inbound.discoveryIntervalMs,
    secrets,
    store,
    logger: logger.child({ component: 'inbound' }),
    metrics,
    webhooks,
    polling: {
      defaultIntervalMs: 30_000,
      minIntervalMs: config.inbound.pollIntervalMinMs,
      owner: `${config.worker.name}-${process.pid}-${randomUUID().slice(0, 8)}`,
      leaseMs: config.inbound.pollLeaseMs,
    },
    activityLimit: 50,
  });

  const engine = await createEngineClient({ logger: logger.child({ component: 'engine' }), grpcCompression: config.engine.grpcCompression });
  const workers = new Map<string, OutboundWorker>();
  let stopping: Promise<RuntimeStopReport> | undefined;

  const monitor = new EngineMonitor({
    engine,
    logger: logger.child({ component: 'engine' }),
    ...(options.engineProbeIntervalMs !== undefined ? { intervalMs: options.engineProbeIntervalMs } : {}),
    onRecovered: () => workers.forEach((w) => w.engineRecovered()),
    recentError: () =>
      [...workers.values()]
        .map((w) => w.status().lastError)
        .filter((x): x is { message: string; at: number } => x !== undefined)
        .sort((a, b) => b.at - a.at)[0],
  });
  // The first probe goes out now, so the engine's answer travels while the HTTP server is built;
  // the workers start once it has arrived (`ready` below).
  monitor.start();

  const workerHealths = (): Record<string, WorkerHealth> => {
    const details: Record<string, WorkerHealth> = {};
    for (const o of loaded.outbound) {
      const w = workers.get(o.type);
      details[o.type] = w
        ? workerHealth(w.status())
        : { status: 'DOWN', connectorId: o.connector.id, error: stopping ? 'worker stopped' : 'waiting for the engine' };
    }
    return details;
  };

  const health = (): HealthReport => {
    const engineHealth = monitor.health();
    const details = workerHealths();
    const workersUp = Object.values(details).every((d) => d.status === 'UP');
    const inboundHealth = inbound.health();
    return {
      status: engineHealth.status === 'UP' && workersUp && inboundHealth.status === 'UP' ? 'UP' : 'DOWN',
      components: { engine: engineHealth, workers: { status: workersUp ? 'UP' : 'DOWN', details }, inbound: inboundHealth },
    };
  };

  const connectorInfos = (): OutboundConnectorInfo[] => {
    const details = workerHealths();
    const served = loaded.outbound.map((o) => ({
      id: o.connector.id,
      name: o.connector.name,
      version: o.connector.version,
      type: o.type,
      ...(o.source.package ? { package: o.source.package } : {}),
      status: details[o.type]?.status ?? 'DOWN',
    }));
    const disabled = loaded.skipped
      .filter((s) => s.direction === 'outbound')
      .map((s) => ({ id: s.id, name: s.id, version: 0, type: s.type, ...(s.source.package ? { package: s.source.package } : {}), status: 'DISABLED' as const }));
    return [...served, ...disabled];
  };

  let http: HttpServer;
  try {
    http = await startHttpServer({
      host: config.http.host,
      port: config.http.port,
      ...{ managementToken: config.http.managementToken, healthOpen: config.http.healthOpen },
      logger: logger.child({ component: 'http' }),
      metrics,
      health,
      outboundConnectors: connectorInfos,
      registerRoutes: async (app) => {
        app.get<{ Querystring: { bpmnProcessId?: string; elementId?: string; type?: string } }>('/inbound', async (request) => {
          const { bpmnProcessId, elementId, type } = request.query;
          return inbound
            .list()
            .filter(
              (c) =>
                (bpmnProcessId === undefined || c.bpmnProcessId === bpmnProcessId) &&
                (elementId === undefined || c.elementIds.includes(elementId)) &&
                (type === undefined || c.type === type),
            );
        });
        await registerWebhookRoutes(app, { router: webhooks, bodyLimit: config.inbound.webhookMaxBodyBytes });
      },
    });
  } catch (e) {
    monitor.stop();
    await engine.close(1000);
    await store.close();
    throw e;
  }

  await inbound.start();

  const startWorkers = (topology: EngineTopology) => {
    if (stopping) return;
    const mode = chooseMode(config, topology, logger);
    for (const o of loaded.outbound) {
      const worker = new OutboundWorker({
        connector: o.connector,
        type: o.type,
        engine,
        secrets,
        logger,
        metrics,
        workerName: config.worker.name,
        maxJobsActive: config.worker.maxJobsActive,
        jobTimeoutMs: config.worker.jobTimeoutMs,
        mode,
        pollIntervalMs: config.worker.pollIntervalMs,
        streamPollIntervalMs: config.worker.streamPollIntervalMs,
        engineAvailable: () => monitor.health().status === 'UP',
        ...options.workerTuning,
      });
      workers.set(o.type, worker);
      worker.start();
    }
    logger.info({ mode, workers: loaded.outbound.map((o) => o.type) }, 'workers started');
  };

  const ready = monitor.firstConnection.then((topology) => {
    if (stopping) throw new Error('the runtime was stopped before the engine could be reached');
    startWorkers(topology);
    void warmUpWhenSettled();
  });
  ready.catch(() => undefined); // reported through the handle

  // What start-up left for later (see lazyLoad in @connectorkit/sdk): the process metrics, FEEL,
  // the REST connector's HTTP client. Loaded now, between jobs, so a first job seldom waits for them.
  // Not before the job streams are open (at most 1 s): loading blocks the event loop for tens of
  // milliseconds at a time, which would hold up the streams' first round trip and the answers of
  // /health/ready. A job that comes first loads what it needs itself, as it would anyway.
  const warmUpWhenSettled = async () => {
    const until = Date.now() + 1000;
    while (!stopping && Date.now() < until && [...workers.values()].some((w) => w.status().stream === 'opening')) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (stopping) return;
    metrics.startProcessMetrics();
    const report = await warmLazyLoads();
    if (report.warmed.length > 0) logger.debug({ warmed: report.warmed }, 'loaded after start-up');
    for (const f of report.failed) logger.warn({ library: f.name, reason: f.reason }, 'a library failed to load; the first job that needs it will try again');
  };

  logger.info(
    {
      url: http.url,
      engine: engine.target,
      connectors: loaded.outbound.map((o) => ({ id: o.connector.id, type: o.type, package: o.source.package })),
      inbound: inboundOff ? `off: ${inboundOff}` : loaded.inbound.map((i) => ({ id: i.connector.id, type: i.connector.type, kind: i.connector.kind })),
    },
    'connector runtime started',
  );

  const stop = (deadlineMs = config.shutdownTimeoutMs): Promise<RuntimeStopReport> =>
    (stopping ??= shutdown({ deadlineMs, monitor, workers: [...workers.values()], inbound, store, http, engine, logger }));

  return {
    url: http.url,
    engine: engine.target,
    ready,
    get connectors() {
      return connectorInfos();
    },
    loadFailures: loaded.failures,
    inbound: () => inbound.list(),
    inboundConnectors: loaded.inbound.map((i) => ({
      id: i.connector.id,
      type: i.connector.type,
      kind: i.connector.kind,
      ...(i.source.package ? { package: i.source.package } : {}),
    })),
    skipped: loaded.skipped,
    inboundOff,
    inboundDiscovered: () => inbound.whenDiscovered(),
    health,
    workers: () => [...workers.values()].map((w) => w.status()),
    stop,
  };
}

function chooseMode(config: RuntimeConfig, topology: EngineTopology, logger: Logger): WorkerMode {
  if (!config.worker.streamEnabled) {
    logger.info('job streaming turned off by configuration (CONNECTORKIT_STREAM_ENABLED=false): polling only');
    return 'polling';
  }
  if (!supportsJobStreaming(topology.gatewayVersion)) {
    logger.warn({ gatewayVersion: topology.gatewayVersion }, 'the engine does not offer job streaming (needs Zeebe 8.3+): polling only');
    return 'polling';
  }
  return 'streaming';
}

async function shutdown(o: {
  deadlineMs: number;
  monitor: EngineMonitor;
  workers: OutboundWorker[];
  inbound: InboundPart;
  store: { close(): Promise<void> };
  http: HttpServer;
  engine: EngineClient;
  logger: Logger;
}): Promise<RuntimeStopReport> {
  const untilAt = Date.now() + Math.max(0, o.deadlineMs);
  o.logger.info({ deadlineMs: o.deadlineMs, workers: o.workers.length }, 'stopping: no new jobs or events; in-flight ones get until the deadline');
  o.monitor.stop();
  const [reports] = await Promise.all([Promise.all(o.workers.map((w) => w.stop(untilAt))), o.inbound.stop(untilAt)]);
  await o.store.close().catch(() => undefined);
  await o.http.close().catch((e: unknown) => o.logger.warn({ reason: e instanceof Error ? e.message : String(e) }, 'closing the HTTP server failed'));
  await o.engine.close(Math.max(1000, untilAt - Date.now()));
  const report: RuntimeStopReport = {
    drained: reports.every((r) => r.drained),
    handedBack: reports.reduce((n, r) => n + r.handedBack, 0),
    workers: reports,
  };
  o.logger.info({ drained: report.drained, handedBack: report.handedBack }, 'connector runtime stopped');
  return report;
}
