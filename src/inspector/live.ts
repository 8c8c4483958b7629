import type { ServerResponse } from 'node:http';
import type { ActorChange, ActorRuntime } from '../actors/runtime.ts';

/**
 * Server-sent events for actor changes. The source is the runtime's in-process
 * `changes` emitter: the app's one process runs the bot, the workers and the HTTP
 * server, so it sees every transition, at no cost to the write path (a NOTIFY per
 * transition would serialise commits on Postgres' notify lock). Connections are
 * capped, each gets a heartbeat, and every one is closed with the server.
 */

export const MAX_CLIENTS = 32;
export const HEARTBEAT_MS = 15_000;

interface Client {
  res: ServerResponse;
  /** Only this actor's changes; all actors when null. */
  actor: { kind: string; id: string } | null;
}

export class LiveHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly onChange = (change: ActorChange) => this.broadcast(change);

  private readonly runtime: ActorRuntime;
  private readonly max: number;

  constructor(runtime: ActorRuntime, max = MAX_CLIENTS, heartbeatMs = HEARTBEAT_MS) {
    this.runtime = runtime;
    this.max = max;
    runtime.changes.on('change', this.onChange);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over the response as an event stream; false when the cap is reached. */
  add(res: ServerResponse, actor: Client['actor']): boolean {
    if (this.clients.size >= this.max) return false;
    const client: Client = { res, actor };
    this.clients.add(client);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    res.on('close', () => this.clients.delete(client));
    return true;
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.runtime.changes.off('change', this.onChange);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }

  private broadcast(change: ActorChange): void {
    const data = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
    for (const client of this.clients) {
      const { actor } = client;
      if (actor && (actor.kind !== change.kind || actor.id !== change.id)) continue;
      this.send(client, data);
    }
  }

  private write(data: string): void {
    for (const client of this.clients) this.send(client, data);
  }

  private send(client: Client, data: string): void {
    try {
      client.res.write(data);
    } catch {
      this.clients.delete(client);
    }
  }
}
