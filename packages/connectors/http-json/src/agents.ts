/**
 * Keep-alive agents that bound connection establishment: a new socket that has not connected within
 * the connection timeout is destroyed with {@link CONNECT_TIMEOUT}. One pair of agents per timeout
 * value (there are few distinct values), shared by all executions.
 */
import http from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** `code` of the error a socket is destroyed with when it did not connect in time. */
export const CONNECT_TIMEOUT = 'ECONNECTTIMEOUT';

function armConnectTimeout(socket: Duplex | null | undefined, timeoutMs: number): void {
  if (!(socket instanceof Socket) || !socket.connecting || timeoutMs <= 0) return;
  const timer = setTimeout(() => {
    const err: NodeJS.ErrnoException = new Error(`connect did not complete within ${timeoutMs} ms`);
    err.code = CONNECT_TIMEOUT;
    socket.destroy(err);
  }, timeoutMs);
  const done = () => clearTimeout(timer);
  socket.once('connect', done);
  socket.once('close', done);
}

class TimedHttpAgent extends http.Agent {
  constructor(private readonly connectTimeoutMs: number) {
    super({ keepAlive: true });
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    armConnectTimeout(socket, this.connectTimeoutMs);
    return socket;
  }
}

class TimedHttpsAgent extends https.Agent {
  constructor(private readonly connectTimeoutMs: number) {
    super({ keepAlive: true });
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    armConnectTimeout(socket, this.connectTimeoutMs);
    return socket;
  }
}

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

export class AgentPool {
  private readonly byTimeout = new Map<number, Agents>();

  /** The agents for a connection timeout in ms (0: no limit). */
  get(connectTimeoutMs: number): Agents {
    let agents = this.byTimeout.get(connectTimeoutMs);
    if (!agents) {
      agents = { http: new TimedHttpAgent(connectTimeoutMs), https: new TimedHttpsAgent(connectTimeoutMs) };
      this.byTimeout.set(connectTimeoutMs, agents);
    }
    return agents;
  }

  /** Closes every pooled connection. */
  destroy(): void {
    for (const a of this.byTimeout.values()) {
      a.http.destroy();
      a.https.destroy();
    }
    this.byTimeout.clear();
  }
}
