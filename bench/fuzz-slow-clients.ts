// Opens --connections slow clients against the HTTP server with its production timeouts
// (no test overrides) and reports when the server closed each: headers dripping a byte
// a second (slow loris), a body dripping a byte a second, and idle keep-alive sockets.
// Usage: npm run fuzz:slow-clients -- --connections 10
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createHttpServer, HTTP_TIMEOUTS } from '../src/server/http.ts';

const { values } = parseArgs({ options: { connections: { type: 'string', default: '10' } } });
const connections = Number(values.connections);
const GIVE_UP_MS = 120_000;

const server = createHttpServer(pino({ level: 'silent' }));
server.post('/webhooks/pakasir', async () => ({ ok: true }));
server.get('/health', async () => ({ ok: true }));
await server.listen({ host: '127.0.0.1', port: 0 });
const address = server.server.address();
if (!address || typeof address === 'string') throw new Error('no address');
const port = address.port;

type Kind = 'slow headers' | 'slow body' | 'idle keep-alive';
const openings: Record<Kind, string> = {
  'slow headers': 'GET /health HTTP/1.1\r\nHost: x\r\n',
  'slow body':
    'POST /webhooks/pakasir HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
  'idle keep-alive': 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n',
};

/** Milliseconds until the server closed the socket (null: still open when we gave up). */
function slowClient(kind: Kind): Promise<number | null> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(openings[kind]));
    const drip = setInterval(() => {
      if (kind !== 'idle keep-alive' && !socket.destroyed) socket.write(kind === 'slow body' ? ' ' : 'X');
    }, 1000);
    const giveUp = setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      resolve(null);
    }, GIVE_UP_MS);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve(performance.now() - started);
    });
  });
}

const kinds: Kind[] = ['slow headers', 'slow body', 'idle keep-alive'];
const results: Record<string, { closed: number; stillOpen: number; maxSeconds: number }> = {};
await Promise.all(
  kinds.map(async (kind) => {
    const times = await Promise.all(Array.from({ length: connections }, () => slowClient(kind)));
    const closed = times.filter((t): t is number => t !== null);
    results[kind] = {
      closed: closed.length,
      stillOpen: times.length - closed.length,
      maxSeconds: Math.round(Math.max(0, ...closed) / 100) / 10,
    };
  }),
);
await server.close();
for (const kind of kinds) {
  const r = results[kind]!;
  console.log(`${kind}: ${r.closed}/${connections} closed by the server, the last after ${r.maxSeconds} s`);
}
console.log(JSON.stringify({ timeouts: HTTP_TIMEOUTS, connections, results }));
process.exitCode = kinds.every((k) => results[k]!.stillOpen === 0) ? 0 : 1;
