import { directoryRouter } from './routers/directory';
import { ticketsRouter } from './routers/tickets';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  directory: directoryRouter,
  tickets: ticketsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
