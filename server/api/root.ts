import { directoryRouter } from './routers/directory';
import { notificationsRouter } from './routers/notifications';
import { slaRouter } from './routers/sla';
import { ticketsRouter } from './routers/tickets';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  directory: directoryRouter,
  notifications: notificationsRouter,
  sla: slaRouter,
  tickets: ticketsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
