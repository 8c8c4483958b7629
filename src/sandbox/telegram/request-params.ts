import type { FastifyRequest } from 'fastify';
import { Params, type UploadedFile } from './params.ts';

/**
 * Collects a call's parameters from the query string and the body, whichever encoding the client
 * chose: JSON, application/x-www-form-urlencoded or multipart/form-data (with file parts).
 */
export async function readRequestParams(request: FastifyRequest): Promise<Params> {
  const values: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
  const files = new Map<string, UploadedFile>();
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        files.set(part.fieldname, {
          fieldName: part.fieldname,
          fileName: part.filename,
          mimeType: part.mimetype,
          bytes,
        });
      } else {
        values[part.fieldname] = part.value;
      }
    }
  } else if (request.body instanceof URLSearchParams) {
    for (const [key, value] of request.body) values[key] = value;
  } else if (typeof request.body === 'object' && request.body !== null) {
    Object.assign(values, request.body);
  }
  return new Params(values, files);
}
