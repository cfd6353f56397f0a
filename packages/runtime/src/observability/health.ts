export type HealthStatus = 'UP' | 'DOWN';

/** One part of the runtime: the engine connection, the workers, later inbound and the state store. */
export interface ComponentHealth {
  status: HealthStatus;
  details?: Record<string, unknown>;
}

/** One job worker (one job type). */
export interface WorkerHealth {
  status: HealthStatus;
  /** ISO time of the worker's last successful poll or handled job. */
  lastActivityAt?: string;
  /** Why the worker is DOWN, without secrets. */
  error?: string;
  [detail: string]: unknown;
}

export interface WorkersHealth extends ComponentHealth {
  /** By job type. */
  details: Record<string, WorkerHealth>;
}

/** The body of `GET /health/ready`. `status` is UP only when every component that matters is UP. */
export interface HealthReport {
  status: HealthStatus;
  components: {
    engine: ComponentHealth;
    workers: WorkersHealth;
    [component: string]: ComponentHealth;
  };
}

/** What `GET /connectors/outbound` lists for each outbound connector the runtime serves. */
export interface OutboundConnectorInfo {
  id: string;
  name: string;
  version: number;
  /** The job type the worker subscribes to (after configuration overrides). */
  type: string;
  /** The npm package the connector came from, when it came from one. */
  package?: string;
  /** UP: its worker is polling; DOWN: its worker failed; DISABLED: turned off by configuration. */
  status: HealthStatus | 'DISABLED';
}
