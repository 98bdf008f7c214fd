import { createWebhook } from '../../services/webhooks/create';
import { deleteWebhook } from '../../services/webhooks/delete';
import { listWebhooks } from '../../services/webhooks/list';
import { listWebhookDeliveries } from '../../services/webhooks/list-deliveries';
import { revealWebhookSecret } from '../../services/webhooks/reveal-secret';
import { rotateWebhookSecret } from '../../services/webhooks/rotate-secret';
import {
  createWebhookInput,
  listDeliveriesInput,
  listWebhooksInput,
  updateWebhookInput,
  webhookRefInput,
} from '../../services/webhooks/schemas';
import { sendTestWebhook } from '../../services/webhooks/send-test';
import { updateWebhook } from '../../services/webhooks/update';
import { adminProcedure, protectedProcedure, router } from '../trpc';

// Outbound webhooks (#14): admins manage them, managers read them (the services check both). Revealing
// a secret is a mutation: it is audited.
export const webhooksRouter = router({
  list: protectedProcedure
    .input(listWebhooksInput)
    .query(({ ctx, input }) => listWebhooks(ctx.service, input)),
  deliveries: protectedProcedure
    .input(listDeliveriesInput)
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.service, input)),
  create: adminProcedure
    .input(createWebhookInput)
    .mutation(({ ctx, input }) => createWebhook(ctx.service, input)),
  update: adminProcedure
    .input(updateWebhookInput)
    .mutation(({ ctx, input }) => updateWebhook(ctx.service, input)),
  delete: adminProcedure
    .input(webhookRefInput)
    .mutation(({ ctx, input }) => deleteWebhook(ctx.service, input)),
  revealSecret: adminProcedure
    .input(webhookRefInput)
    .mutation(({ ctx, input }) => revealWebhookSecret(ctx.service, input)),
  rotateSecret: adminProcedure
    .input(webhookRefInput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.service, input)),
  sendTest: adminProcedure
    .input(webhookRefInput)
    .mutation(({ ctx, input }) => sendTestWebhook(ctx.service, input)),
});
