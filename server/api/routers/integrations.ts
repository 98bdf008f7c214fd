import { createIntegration } from '../../services/integrations/create';
import { listIntegrations } from '../../services/integrations/list';
import { revokeIntegration } from '../../services/integrations/revoke';
import {
  createIntegrationInput,
  integrationIdInput,
  listIntegrationsInput,
} from '../../services/integrations/schemas';
import { adminProcedure, protectedProcedure, router } from '../trpc';

/** Alert integrations (DESIGN §2.7): admins create and revoke, managers read (the service decides reads). */
export const integrationsRouter = router({
  list: protectedProcedure
    .input(listIntegrationsInput.optional())
    .query(({ ctx, input }) => listIntegrations(ctx.service, input)),
  create: adminProcedure
    .input(createIntegrationInput)
    .mutation(({ ctx, input }) => createIntegration(ctx.service, input)),
  revoke: adminProcedure
    .input(integrationIdInput)
    .mutation(({ ctx, input }) => revokeIntegration(ctx.service, input)),
});
