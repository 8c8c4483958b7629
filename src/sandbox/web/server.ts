import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type InvoicePayer, payOpenInvoice } from '../chat/pay.ts';
import type { SimUser, TelegramEmulator } from '../telegram/index.ts';
import { type FeedEvent, followChat } from './chat-feed.ts';
import type { Persona } from './personas.ts';

export interface WebChatOptions {
  telegram: TelegramEmulator;
  pakasir: InvoicePayer;
  /** The shop bot every persona talks to. */
  shopBot: string;
  personas: readonly Persona[];
  storeName: string;
  /** The bot's HTTP server, whose `/inspect` page opens beside the chat. */
  botUrl: string;
  host?: string;
  /** Tried first; a busy port falls back to any free one. Default 0 (any). */
  port?: number;
}

export interface WebChat {
  /** The chat page, e.g. http://127.0.0.1:8088/chat. */
  url: string;
  close(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/chat': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/chat/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};
const STATIC_DIR = new URL('./static/', import.meta.url);

const sendBody = z.object({ text: z.string().trim().min(1).max(4096) });
const pressBody = z.object({
  messageId: z.number().int().positive(),
  index: z.number().int().min(0).max(99),
});
const replyBody = z.object({ label: z.string().min(1).max(4096) });

class NotFound extends Error {}

/**
 * A Telegram-like chat page on top of the Telegram emulator: pick a persona and a bot, read the
 * chat as it changes (server-sent events), send texts, press buttons, pay the open invoice.
 */
export async function startWebChat(options: WebChatOptions): Promise<WebChat> {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 64 * 1024 });
  const users = new Map<string, SimUser>();

  const personaOf = (id: string): Persona => {
    const persona = options.personas.find((candidate) => candidate.id === id);
    if (!persona) throw new NotFound(`Unknown persona ${id}`);
    return persona;
  };
  const botsOf = (persona: Persona) => {
    const shop = options.telegram.bot(options.shopBot);
    const others = persona.seesAllBots ? options.telegram.bots().filter((bot) => bot.id !== shop.id) : [];
    return [shop, ...others];
  };
  /** The persona as a user of one bot; the same user (and cursor-free reads) on every request. */
  const userOf = (request: FastifyRequest): SimUser => {
    const params = request.params as { persona: string; bot: string };
    const persona = personaOf(params.persona);
    const bot = botsOf(persona).find((candidate) => String(candidate.id) === params.bot);
    if (!bot) throw new NotFound(`Persona ${persona.id} has no chat with bot ${params.bot}`);
    const key = `${persona.id}:${bot.id}`;
    let user = users.get(key);
    if (!user) {
      user = options.telegram.user(persona.profile, bot.id);
      users.set(key, user);
    }
    return user;
  };

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof NotFound) return reply.code(404).send({ error: error.message });
    if (error instanceof z.ZodError) return reply.code(400).send({ error: z.prettifyError(error) });
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({ error: error.message.split('\n')[0] });
  });

  app.get('/', (_request, reply) => reply.redirect('/chat'));
  for (const [route, asset] of Object.entries(STATIC)) {
    app.get(route, async (_request, reply) => {
      const body = await readFile(new URL(asset.file, STATIC_DIR));
      return reply.header('content-type', asset.type).header('cache-control', 'no-store').send(body);
    });
  }

  app.get('/chat/api/setup', () => ({
    storeName: options.storeName,
    inspector: `${options.botUrl}/inspect`,
    personas: options.personas.map((persona) => ({
      id: persona.id,
      label: persona.label,
      name: persona.profile.firstName,
      bots: botsOf(persona).map((bot) => ({ id: bot.id, name: bot.firstName, username: bot.username })),
    })),
  }));

  app.get('/chat/api/:persona/:bot/events', (request, reply) => streamChat(userOf(request), request, reply));
  app.post('/chat/api/:persona/:bot/send', (request) => {
    const { text } = sendBody.parse(request.body);
    return { messageId: userOf(request).sendText(text).message_id };
  });
  app.post('/chat/api/:persona/:bot/press', async (request, reply) => {
    const { messageId, index } = pressBody.parse(request.body);
    const user = userOf(request);
    try {
      const pressed = user.pressAt(messageId, index);
      return { pressed: pressed.label };
    } catch (error) {
      return reply.code(409).send({ error: (error as Error).message.split('\n')[0] });
    }
  });
  app.post('/chat/api/:persona/:bot/reply', async (request, reply) => {
    const { label } = replyBody.parse(request.body);
    try {
      return { messageId: userOf(request).pressReply(label).message_id };
    } catch (error) {
      return reply.code(409).send({ error: (error as Error).message.split('\n')[0] });
    }
  });
  app.post('/chat/api/pay', async () => {
    const outcome = await payOpenInvoice(options.pakasir);
    return { paid: outcome.paid, orderId: outcome.orderId ?? null, lines: outcome.lines };
  });
  app.get('/chat/files/:fileId', (request, reply) => sendFile(options.telegram, request, reply));

  const url = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  return { url: `${url}/chat`, close: () => app.close() };
}

function streamChat(user: SimUser, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (event: FeedEvent) => raw.write(`data: ${JSON.stringify(event)}\n\n`);
  const stop = followChat(user, send);
  request.raw.on('close', stop);
}

/** Photos show inline; everything else downloads, so a bot's file never runs as a page here. */
function sendFile(telegram: TelegramEmulator, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { fileId } = request.params as { fileId: string };
  const file = telegram.file(fileId);
  if (!file) return reply.code(404).send({ error: 'No such file' });
  reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600');
  if (file.kind !== 'document' && file.mimeType.startsWith('image/'))
    return reply.header('content-type', file.mimeType).send(file.bytes);
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.bytes);
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port: port !== 0 && (await isFree(host, port)) ? port : 0 });
  const address = app.server.address() as AddressInfo;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/** Whether a port can be bound now (another sandbox may hold the usual one). */
function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port }, () => probe.close(() => resolve(true)));
  });
}
