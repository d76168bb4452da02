import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { AppShellLayout } from './shell';
import { NotFoundPage } from './not-found-page';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;
const tokenSearch = (search: Record<string, unknown>): { token?: string } => ({ token: text(search.token) });

const rootRoute = createRootRoute({ component: AppShellLayout, notFoundComponent: NotFoundPage });

// Every page is its own chunk: a visitor of the public pages never downloads the workspaces.
export interface CallListSearch {
  region?: string;
  topic?: string;
  transformativeActivity?: string;
  closesAfter?: string;
  closesBefore?: string;
  cursor?: string;
}
const callListSearch = (search: Record<string, unknown>): CallListSearch => ({
  region: text(search.region),
  topic: text(search.topic),
  transformativeActivity: text(search.transformativeActivity),
  closesAfter: text(search.closesAfter),
  closesBefore: text(search.closesBefore),
  cursor: text(search.cursor),
});
const plannedPage = lazyRouteComponent(() => import('./planned-page'), 'PlannedPage');
function planned<TPath extends string>(path: TPath) {
  return createRoute({ getParentRoute: () => rootRoute, path, component: plannedPage });
}
const callsPage = lazyRouteComponent(() => import('../features/calls/routes/calls-page'), 'CallsPage');

const routes = [
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: callsPage, validateSearch: callListSearch }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/calls',
    component: callsPage,
    validateSearch: callListSearch,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/calls/$callId',
    component: lazyRouteComponent(() => import('../features/calls/routes/call-page'), 'CallPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/sign-in',
    component: lazyRouteComponent(() => import('../features/auth/routes/sign-in-page'), 'SignInPage'),
    validateSearch: (search: Record<string, unknown>): { next?: string } => ({ next: text(search.next) }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/register',
    component: lazyRouteComponent(() => import('../features/auth/routes/register-page'), 'RegisterPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/verify-email',
    component: lazyRouteComponent(() => import('../features/auth/routes/verify-email-page'), 'VerifyEmailPage'),
    validateSearch: tokenSearch,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/forgot-password',
    component: lazyRouteComponent(() => import('../features/auth/routes/forgot-password-page'), 'ForgotPasswordPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/reset-password',
    component: lazyRouteComponent(() => import('../features/auth/routes/reset-password-page'), 'ResetPasswordPage'),
    validateSearch: tokenSearch,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/accept-invitation',
    component: lazyRouteComponent(
      () => import('../features/auth/routes/accept-invitation-page'),
      'AcceptInvitationPage',
    ),
    validateSearch: tokenSearch,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/settings/notifications',
    component: lazyRouteComponent(
      () => import('../features/settings/routes/notification-settings-page'),
      'NotificationSettingsPage',
    ),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/tasks',
    component: lazyRouteComponent(() => import('../features/tasks/routes/tasks-page'), 'TasksPage'),
    validateSearch: (search: Record<string, unknown>): { workspace?: string; cursor?: string } => ({
      workspace: text(search.workspace),
      cursor: text(search.cursor),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/my/proposals',
    component: lazyRouteComponent(() => import('../features/proposals/routes/my-proposals-page'), 'MyProposalsPage'),
    validateSearch: (search: Record<string, unknown>): { cursor?: string } => ({ cursor: text(search.cursor) }),
  }),
  // Declared now so e-mail links resolve; their pages arrive with the workspaces.
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/proposals/$proposalId',
    component: lazyRouteComponent(
      () => import('../features/proposals/routes/proposal-editor-page'),
      'ProposalEditorPage',
    ),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/proposals/$proposalId/versions',
    component: lazyRouteComponent(() => import('../features/proposals/routes/versions-page'), 'VersionsPage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/proposals/$proposalId/outcome',
    component: lazyRouteComponent(() => import('../features/proposals/routes/outcome-page'), 'OutcomePage'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/projects/$projectId',
    component: lazyRouteComponent(() => import('../features/projects/routes/project-page'), 'ProjectPage'),
  }),
  planned('/assignments/$assignmentId'),
  planned('/calls/$callId/commitments/$agencyId'),
  planned('/instalments/$instalmentId'),
] as const;

export const routeTree = rootRoute.addChildren([...routes]);

export const router = createRouter({ routeTree, defaultPreload: 'intent', scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
