import type { ResponseParameters } from 'grammy/types';

/** The body Telegram returns for a failed call: `{ ok: false, error_code, description, parameters? }`. */
export interface ApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

/** A failed Bot API call; thrown by method handlers and turned into the HTTP answer by the dispatcher. */
export class ApiError extends Error {
  readonly errorCode: number;
  readonly description: string;
  readonly parameters: ResponseParameters | undefined;

  constructor(errorCode: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.name = 'ApiError';
    this.errorCode = errorCode;
    this.description = description;
    this.parameters = parameters;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { ok: false, error_code: this.errorCode, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

/** `400 Bad Request: <detail>`, the shape of every parameter error Telegram returns. */
export function badRequest(detail: string): ApiError {
  return new ApiError(400, `Bad Request: ${detail}`);
}

/** The exact descriptions Telegram uses, gathered so handlers and tests agree on the wording. */
export const telegramErrors = {
  unauthorized: () => new ApiError(401, 'Unauthorized'),
  notFound: () => new ApiError(404, 'Not Found'),
  chatNotFound: () => badRequest('chat not found'),
  botBlocked: () => new ApiError(403, 'Forbidden: bot was blocked by the user'),
  tooManyRequests: (retryAfter: number) =>
    new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }),
  messageTextEmpty: () => badRequest('message text is empty'),
  messageTooLong: () => badRequest('message is too long'),
  captionTooLong: () => badRequest('message caption is too long'),
  cantParseEntities: (detail: string) => badRequest(`can't parse entities: ${detail}`),
  messageNotModified: () =>
    badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    ),
  messageToEditNotFound: () => badRequest('message to edit not found'),
  messageToDeleteNotFound: () => badRequest('message to delete not found'),
  messageCantBeEdited: () => badRequest("message can't be edited"),
  buttonDataInvalid: () => badRequest('BUTTON_DATA_INVALID'),
  buttonUrlInvalid: () => badRequest('BUTTON_URL_INVALID'),
  wrongFileId: () => badRequest('wrong file identifier/HTTP URL specified'),
  invalidFileId: () => badRequest('invalid file_id'),
  queryTooOld: () => badRequest('query is too old and response timeout expired or query ID is invalid'),
  webhookConflict: () =>
    new ApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ),
  pollingConflict: () =>
    new ApiError(
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    ),
  internal: () => new ApiError(500, 'Internal Server Error'),
  badGateway: () => new ApiError(502, 'Bad Gateway'),
};
