import { correlationRouter } from './routers/correlation';
import { directoryRouter } from './routers/directory';
import { escalationPoliciesRouter } from './routers/escalation-policies';
import { handoffsRouter } from './routers/handoffs';
import { integrationsRouter } from './routers/integrations';
import { liveRouter } from './routers/live';
import { maintenanceRouter } from './routers/maintenance';
import { nocActionsRouter } from './routers/noc-actions';
import { notificationsRouter } from './routers/notifications';
import { portalRouter } from './routers/portal';
import { reportsRouter } from './routers/reports';
import { reviewsRouter } from './routers/reviews';
import { searchRouter } from './routers/search';
import { securityRouter } from './routers/security';
import { slaRouter } from './routers/sla';
import { slaReportsRouter } from './routers/sla-reports';
import { statusUpdatesRouter } from './routers/status-updates';
import { subscriptionsRouter } from './routers/subscriptions';
import { ticketsRouter } from './routers/tickets';
import { usersRouter } from './routers/users';
import { webhooksRouter } from './routers/webhooks';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  directory: directoryRouter,
  escalationPolicies: escalationPoliciesRouter,
  correlation: correlationRouter,
  handoffs: handoffsRouter,
  integrations: integrationsRouter,
  live: liveRouter,
  maintenance: maintenanceRouter,
  nocActions: nocActionsRouter,
  notifications: notificationsRouter,
  portal: portalRouter,
  reports: reportsRouter,
  reviews: reviewsRouter,
  search: searchRouter,
  security: securityRouter,
  sla: slaRouter,
  slaReports: slaReportsRouter,
  statusUpdates: statusUpdatesRouter,
  subscriptions: subscriptionsRouter,
  tickets: ticketsRouter,
  users: usersRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
