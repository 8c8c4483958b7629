// The HTTP server's own defences: timeouts against slow clients, and which proxies it believes.
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServerOptions } from '../../src/server/http.ts';

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const quick = { headersMs: 400, requestMs: 800, idleMs: 2_000, keepAliveMs: 300, checkEveryMs: 100 };

async function start(options: HttpServerOptions): Promise<{ host: string; port: number }> {
  server = createHttpServer(pino({ level: 'silent' }), options);
  server.post('/echo', async (request) => ({ ip: request.ip }));
  server.get('/ip', async (request) => ({ ip: request.ip }));
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { host: '127.0.0.1', port: address.port };
}

/** Resolves when the server closes the socket; `drip` keeps sending a byte now and then. */
function closedByServer(socket: Socket, drip: () => string | null, everyMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const timer = setInterval(() => {
      const next = drip();
      if (next !== null && !socket.destroyed) socket.write(next);
    }, everyMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(answer);
    });
    // A guard for the test run only: the server's own timeouts are far shorter.
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error('the server kept the slow connection open'));
    }, 20_000).unref();
  });
}

describe('HTTP timeouts', () => {
  it('closes a connection whose headers trickle in (slow loris)', async () => {
    const { host, port } = await start({ timeouts: quick });
    const socket = connect(port, host);
    socket.write('GET /ip HTTP/1.1\r\nHost: x\r\n');
    const answer = await closedByServer(socket, () => 'X', 100);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes a connection whose body trickles in', async () => {
    const { host, port } = await start({ timeouts: quick });
    const socket = connect(port, host);
    socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
    );
    const answer = await closedByServer(socket, () => ' ', 100);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes an idle keep-alive connection', async () => {
    const { host, port } = await start({ timeouts: quick });
    const socket = connect(port, host);
    socket.write('GET /ip HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await closedByServer(socket, () => null, 100);
    expect(answer).toContain('HTTP/1.1 200');
  });

  it('has timeouts by default', async () => {
    await start({});
    const http = server!.server;
    expect(http.requestTimeout).toBeGreaterThan(0);
    expect(http.headersTimeout).toBeGreaterThan(0);
    expect(http.headersTimeout).toBeLessThanOrEqual(http.requestTimeout);
    expect(http.timeout).toBeGreaterThan(0);
    expect(http.keepAliveTimeout).toBeLessThanOrEqual(10_000);
  });
});

describe('trusted proxies', () => {
  const asked = async (port: number, forwardedFor: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/ip`, {
      headers: { 'x-forwarded-for': forwardedFor },
    });
    return ((await response.json()) as { ip: string }).ip;
  };

  it('ignores X-Forwarded-For by default', async () => {
    const { port } = await start({});
    expect(await asked(port, '198.51.100.77')).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
    const { port } = await start({ trustProxy: ['10.1.2.3', '192.168.0.0/16'] });
    expect(await asked(port, '198.51.100.77')).toBe('127.0.0.1');
  });

  it('believes a configured proxy', async () => {
    const { port } = await start({ trustProxy: ['127.0.0.0/8'] });
    expect(await asked(port, '198.51.100.77')).toBe('198.51.100.77');
  });
});
