import { and, eq, isNull } from 'drizzle-orm';
import { integrations } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import { assertAdminWrite } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { forgetIntegration } from './internal/key-cache';
import { type IntegrationIdInput, integrationIdInput } from './schemas';

/**
 * integrations.revoke (admins): the key stops working at once in this process (the next delivery answers
 * 401), and within internal/key-cache.ts's KEY_CACHE_TTL_MS (5 s) in other app processes. Revoking
 * is final: a source that should send again gets a new integration and key. Revoking twice is a no-op.
 */
export async function revokeIntegration(
  ctx: ServiceContext,
  rawInput: IntegrationIdInput,
): Promise<{ revokedAt: Date }> {
  assertAdminWrite(ctx.actor);
  const input = parseInput(integrationIdInput, rawInput);
  const now = ctx.now();
  const revoked = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(integrations).where(eq(integrations.id, input.id)).for('update');
    if (!row) throw notFound('Integration');
    if (row.revokedAt) return { revokedAt: row.revokedAt };
    await tx
      .update(integrations)
      .set({ revokedAt: now })
      .where(and(eq(integrations.id, row.id), isNull(integrations.revokedAt)));
    await recordAudit(tx, ctx.actor, now, [
      {
        type: 'integration.revoked',
        subject: `integration:${row.id}`,
        payload: { keyPrefix: row.keyPrefix },
      },
    ]);
    return { revokedAt: now };
  });
  // Once committed: forgotten earlier, a delivery in between could cache the still unrevoked row again.
  forgetIntegration(input.id);
  return revoked;
}
