import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request id: a caller's well-formed `X-Request-Id` is kept (so a trace crosses services), anything
 * else is replaced by a fresh uuid. It is echoed in the response header and appears in every log line.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Express middleware that assigns the request id before anything else runs (body parsing included),
 * so that even a malformed body's 400 carries it.
 */
export function assignRequestId(req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void): void {
  req.id ??= requestIdFor(req, res);
  next();
}
