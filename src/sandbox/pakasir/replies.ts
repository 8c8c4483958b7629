// Error answers in one JSON shape, carrying `message` as clients expect.
import type { FastifyReply } from 'fastify';

export function sendError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ success: false, error, message });
}
