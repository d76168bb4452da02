import { existsSync } from 'node:fs';
import path from 'node:path';
import { NotFoundException } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, problemTypeUri, type ProblemDetails } from '@app/common';

export const WEB_APP_NOT_BUILT = 'WEB_APP_NOT_BUILT';

/** Vite names the files under assets/ by their content hash: a new build never reuses a name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and any other unhashed file) is revalidated on every load, so a new build shows at once. */
const REVALIDATE = 'no-cache';

function isApiPath(urlPath: string): boolean {
  return urlPath === '/api' || urlPath.startsWith('/api/');
}

function isAssetPath(urlPath: string): boolean {
  return urlPath.startsWith('/assets/');
}

function wantsHtml(req: Request): boolean {
  return (req.get('accept') ?? '').toLowerCase().includes('text/html');
}

function requestIdOf(req: Request): string | undefined {
  const id = (req as { id?: unknown }).id;
  return id === undefined ? undefined : String(id);
}

function sendProblem(res: Response, problem: ProblemDetails): void {
  res
    .status(problem.status)
    .set('Cache-Control', 'no-store')
    .type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify(problem));
}

function notBuilt(req: Request, res: Response, dir: string): void {
  const requestId = requestIdOf(req);
  sendProblem(res, {
    type: problemTypeUri(WEB_APP_NOT_BUILT),
    title: 'Service Unavailable',
    status: 503,
    detail: `The web application is not built (no index.html in ${dir}): run npm run build:web.`,
    code: WEB_APP_NOT_BUILT,
    instance: req.originalUrl,
    ...(requestId ? { requestId } : {}),
  });
}

/** Under `prefix` itself or below it. */
function under(urlPath: string, prefix: string): boolean {
  return urlPath === prefix || urlPath.startsWith(`${prefix}/`);
}

/**
 * Serves the built single-page app from `dir` outside `/api`: its files as they are, and `index.html`
 * for every other GET/HEAD that asks for HTML (deep links such as `/proposals/123` are the app's
 * routes). A missing build leaves the API running and answers those requests with a 503 that says
 * how to build it. The API (`routes.api`) and its docs (`routes.docs`) go on to their handlers; any
 * other path ends here as a 404 problem+json, like an unknown API path.
 */
export function serveWebApp(dir: string, routes: { api: string; docs: string }): RequestHandler[] {
  const api = `/${routes.api.replace(/^\/+|\/+$/g, '')}`;
  const docs = `/${routes.docs.replace(/^\/+|\/+$/g, '')}`;
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  const files = express.static(root, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (res, filePath) => {
      const relative = path.relative(root, filePath).split(path.sep);
      res.setHeader('Cache-Control', relative[0] === 'assets' ? IMMUTABLE : REVALIDATE);
    },
  });

  const staticFiles = (req: Request, res: Response, next: NextFunction): void => {
    if (isApiPath(req.path)) return next();
    files(req, res, next);
  };

  const appShell = (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || isAssetPath(req.path)) return next();
    if (req.path !== '/' && !wantsHtml(req)) return next();
    // Checked per request so a build made while the API runs is served without a restart.
    if (!existsSync(index)) return notBuilt(req, res, root);
    res.sendFile(index, { headers: { 'Cache-Control': REVALIDATE }, lastModified: true }, (error?: Error) => {
      if (error && !res.headersSent) next(error);
    });
  };

  const notFound = (req: Request, res: Response, next: NextFunction): void => {
    if (under(req.path, api) || under(req.path, docs)) return next();
    const problem = new ProblemDetailsFilter().toProblem(new NotFoundException(`Cannot ${req.method} ${req.path}`), {
      originalUrl: req.originalUrl,
      method: req.method,
      id: requestIdOf(req),
    });
    sendProblem(res, problem);
  };

  return [staticFiles, appShell, notFound];
}
