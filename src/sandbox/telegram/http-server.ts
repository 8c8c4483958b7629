import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type ApiErrorBody, telegramErrors } from './api-error.ts';
import type { ApiReply, Dispatcher } from './dispatcher.ts';
import { readRequestParams } from './request-params.ts';
import type { EmulatorState } from './state.ts';

const API_PATH = /^\/bot([^/]+)\/([^/?]+)\/?$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The HTTP face of the emulator: `/bot<token>/<method>` and `/file/bot<token>/<file_path>`. */
export async function buildHttpServer(
  dispatcher: Dispatcher,
  state: EmulatorState,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: MAX_UPLOAD_BYTES });
  registerBodyParsers(app);
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, fieldSize: 10 * 1024 * 1024, files: 20, fields: 200 },
  });
  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    handler: (request, reply) => route(request, reply, dispatcher, state),
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    void reply.code(transportError(error).error_code).send(transportError(error));
  });
  return app;
}

/** Errors raised before a method runs (unparsable body, oversized upload), in Telegram's envelope. */
function transportError(error: { statusCode?: number; message: string }): ApiErrorBody {
  if (error.statusCode === 413)
    return { ok: false, error_code: 413, description: 'Request Entity Too Large' };
  if (error.statusCode !== undefined && error.statusCode < 500) {
    return { ok: false, error_code: 400, description: `Bad Request: ${error.message}` };
  }
  return { ok: false, error_code: 500, description: 'Internal Server Error' };
}

/** Telegram accepts an empty JSON body, urlencoded forms and any other content type (ignored). */
function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    try {
      done(null, text === '' ? {} : JSON.parse(text));
    } catch {
      done(Object.assign(new Error("can't parse JSON object"), { statusCode: 400 }));
    }
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, new URLSearchParams(String(body)));
    },
  );
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
}

async function route(
  request: FastifyRequest,
  reply: FastifyReply,
  dispatcher: Dispatcher,
  state: EmulatorState,
): Promise<void> {
  const path = request.url.split('?')[0] ?? '';
  const api = API_PATH.exec(path);
  if (api?.[1] && api[2]) {
    const signal = abortOnDisconnect(reply);
    const answer = await dispatcher.handle(
      decodeURIComponent(api[1]),
      api[2],
      () => readRequestParams(request),
      signal,
    );
    return sendApiReply(reply, answer);
  }
  const file = FILE_PATH.exec(path);
  if (file?.[1] && file[2] && request.method === 'GET')
    return sendFile(reply, state, decodeURIComponent(file[1]), file[2]);
  return sendApiReply(reply, { kind: 'json', status: 404, body: telegramErrors.notFound().toBody() });
}

function sendFile(reply: FastifyReply, state: EmulatorState, token: string, filePath: string): FastifyReply {
  const stored = state.bots.resolve(token) ? state.files.getByPath(decodeURIComponent(filePath)) : undefined;
  if (!stored) return reply.code(404).send(telegramErrors.notFound().toBody());
  return reply.code(200).header('content-type', 'application/octet-stream').send(stored.bytes);
}

function sendApiReply(reply: FastifyReply, answer: ApiReply): FastifyReply | undefined {
  if (answer.kind === 'drop') {
    reply.hijack();
    reply.raw.socket?.destroy();
    return undefined;
  }
  return reply
    .code(answer.status)
    .header('content-type', 'application/json')
    .send(JSON.stringify(answer.body));
}

/** Long polls end early when the client goes away, instead of holding an update for nobody. */
function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
