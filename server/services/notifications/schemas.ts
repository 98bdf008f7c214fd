import { z } from 'zod';

export const listNotificationsInput = z.object({
  unreadOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListNotificationsInput = z.input<typeof listNotificationsInput>;

export const markReadInput = z.object({ ids: z.array(z.uuid()).min(1).max(200) });
export type MarkReadInput = z.input<typeof markReadInput>;
