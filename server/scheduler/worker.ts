import type pg from 'pg';
import type { DatabaseHandle } from '../../db/client';
import { componentLog } from '../observability/log';
import { recordSchedulerSweep } from '../observability/metrics';
import { sweepDueEscalations } from '../services/escalations/sweep';
import { sweepHandoffEscalations } from '../services/handoffs/sweep-ola-breaches';
import { nextFlapRecheckDue, sweepFlapRechecks } from '../services/integrations/sweep-flap-rechecks';
import { nextHeartbeatDue, sweepMissedHeartbeats } from '../services/integrations/sweep-heartbeats';
import { nextScheduledCheck } from '../services/sla/internal/next-check';
import { sweepDueClocks } from '../services/sla/sweep-clocks';
import { nextMaintenanceDue, sweepDueMaintenances } from '../services/status/maintenance/sweep-due';
import {
  type DeliveryTransport,
  sweepStatusDeliveries,
  transportFromEnv,
} from '../services/subscriptions/sweep-deliveries';
import { forgetQuietSignInKeys } from '../services/users/forget-quiet-sign-in-keys';
import { nextWebhookDue } from '../services/webhooks/next-due';
import {
  sweepWebhookDeliveries,
  type WebhookSender,
  webhookSenderFromEnv,
} from '../services/webhooks/sweep-deliveries';
import { oldestDue } from './oldest-due';

/** How often a loop forgets quiet sign-in throttle keys: housekeeping that no deadline waits for. */
export const FORGET_SIGN_IN_KEYS_EVERY_MS = 60_000;

export interface SchedulerOptions {
  handle: DatabaseHandle;
  now: () => Date;
  /** Longest sleep between sweeps; work due sooner, or a ticket change, wakes the loop earlier. */
  pollMs?: number;
  batchSize?: number;
  signal: AbortSignal;
  log?: (message: string) => void;
  /** How subscriber messages go out; by default SMTP from WATCHFLOOR_SMTP_URL (if set) and webhooks. */
  deliveries?: DeliveryTransport;
  /** How outbound webhooks (#14) are POSTed; by default through the SSRF guard. */
  webhooks?: WebhookSender;
  /** The retry schedule's jitter; Math.random by default. */
  random?: () => number;
}

/**
 * The durable timer loop: sweeps until nothing is due (and, once a minute, forgets quiet sign-in
 * throttle keys; beside that, sends status-page subscriber messages), then sleeps until the earliest next
 * check, the poll interval, or a `ticket_changed` notification (a new or resumed clock may be due sooner),
 * whichever comes first. Any number of these may run against one PostgreSQL; correctness never depends on this process
 * staying up, since everything due is found again from the database.
 */
export async function runScheduler(options: SchedulerOptions): Promise<void> {
  const { handle, now, signal } = options;
  const pollMs = options.pollMs ?? 5_000;
  const log = options.log ?? componentLog('scheduler');
  let wake: (() => void) | null = null;
  // A wake-up (a ticket change, or the abort) that comes while the loop is sweeping rather than sleeping
  // is remembered, so that the sleep that follows is skipped instead of lasting up to `pollMs`.
  let woken = false;
  const rouse = () => {
    woken = true;
    wake?.();
  };
  let forgotAt = Number.NEGATIVE_INFINITY;
  const deliveries = options.deliveries ?? transportFromEnv();
  // One batch of subscriber messages at a time, beside the sweeps; a batch that had work wakes the loop
  // for the next (a claim with nothing due costs one index probe, so an idle outbox costs nothing).
  let delivering: Promise<void> | null = null;
  const deliver = () => {
    if (delivering) return;
    const at = now();
    delivering = sweepStatusDeliveries(handle.db, at, deliveries)
      .then((sent) => {
        recordSchedulerSweep('subscriber_deliveries', sent.claimed, at, sent.oldestDueAt);
        if (sent.claimed === 0) return;
        log(`subscriber messages: ${sent.delivered} sent, ${sent.retried} to retry, ${sent.failed} given up`);
        rouse();
      })
      .catch((error) =>
        log(
          `subscriber messages failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => {
        delivering = null;
      });
  };
  // Outbound webhooks: a lane of their own too (a slow receiver holds up neither the sweeps nor the
  // subscriber messages).
  const webhooks = options.webhooks ?? webhookSenderFromEnv();
  let posting: Promise<void> | null = null;
  const post = () => {
    if (posting) return;
    posting = sweepWebhookDeliveries(handle.db, now(), { send: webhooks, random: options.random })
      .then((sent) => {
        if (sent.claimed === 0) return;
        log(
          `webhooks: ${sent.delivered} delivered, ${sent.retried} to retry, ${sent.dead} given up, ${sent.disabled} endpoints disabled`,
        );
        rouse();
      })
      .catch((error) =>
        log(`webhooks failed, retrying: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        posting = null;
      });
  };
  const listener = await listen(handle, rouse, log);
  signal.addEventListener('abort', rouse, { once: true });
  try {
    while (!signal.aborted) {
      woken = false;
      await listener.ensure();
      try {
        // Each sweep's batch size (and, for clocks and escalations, the lag of the oldest item it took)
        // goes to the metrics (observability/metrics.ts); an empty sweep records nothing.
        const sweepClocks = async () => {
          const at = now();
          const due = await oldestDue(handle.db, at);
          const result = await sweepDueClocks(handle.db, at, options.batchSize);
          recordSchedulerSweep('sla_clocks', result.tickets, at, due.clocks);
          return { result, escalationsDue: due.escalations };
        };
        let { result: batch, escalationsDue } = await sweepClocks();
        while (batch.tickets > 0 && !signal.aborted) {
          if (batch.fired) log(`fired ${batch.fired} SLA checks on ${batch.tickets} tickets`);
          ({ result: batch, escalationsDue } = await sweepClocks());
        }
        // Escalations after clocks: a breach recorded above is a fact the levels may trigger on.
        // (Until a batch fires nothing: a level that cannot fire yet must not keep the loop spinning.)
        const sweepEscalations = async (dueAt: Date | null) => {
          const at = now();
          const result = await sweepDueEscalations(handle.db, at);
          recordSchedulerSweep('escalations', result.tickets, at, dueAt);
          return result;
        };
        let escalations = await sweepEscalations(escalationsDue);
        while (escalations.fired > 0 && !signal.aborted) {
          if (escalations.fired) log(`fired ${escalations.fired} escalation levels`);
          escalations = await sweepEscalations((await oldestDue(handle.db, now())).escalations);
        }
        // Handoffs whose acceptance OLA just breached (above) go to `escalated`.
        const sweepHandoffs = async () => {
          const at = now();
          const result = await sweepHandoffEscalations(handle.db, at);
          recordSchedulerSweep('handoffs', result.handoffs, at);
          return result;
        };
        let handoffs = await sweepHandoffs();
        while (handoffs.escalated > 0 && !signal.aborted) {
          log(`escalated ${handoffs.escalated} unaccepted handoffs`);
          handoffs = await sweepHandoffs();
        }
        // Maintenance windows whose announced start or end has come.
        const sweepWindows = async () => {
          const at = now();
          const result = await sweepDueMaintenances(handle.db, at, options.batchSize);
          recordSchedulerSweep('maintenance', result.maintenances, at);
          return result;
        };
        let windows = await sweepWindows();
        while (windows.maintenances > 0 && !signal.aborted) {
          log(`maintenance: started ${windows.started}, completed ${windows.completed}`);
          windows = await sweepWindows();
        }
        // Heartbeat monitors whose ping is overdue: each opens (or joins) its outage, once.
        const sweepHeartbeats = async () => {
          const at = now();
          const result = await sweepMissedHeartbeats(handle.db, at, options.batchSize);
          recordSchedulerSweep('heartbeats', result.missed, at);
          return result;
        };
        let heartbeats = await sweepHeartbeats();
        while (heartbeats.missed > 0 && !signal.aborted) {
          log(`heartbeats missed: ${heartbeats.missed}`);
          heartbeats = await sweepHeartbeats();
        }
        // Tickets held open by a flapping alert whose flap window has now passed: walked to recovery.
        const sweepFlaps = async () => {
          const at = now();
          const result = await sweepFlapRechecks(handle.db, at, options.batchSize);
          recordSchedulerSweep('flap_rechecks', result.alerts, at);
          return result;
        };
        let flaps = await sweepFlaps();
        while (flaps.alerts > 0 && !signal.aborted) {
          log(
            `flap re-checks: ${flaps.alerts} alerts, ${flaps.recovered} tickets recovered, ${flaps.failed} to retry`,
          );
          flaps = await sweepFlaps();
        }
        // Status-page subscribers: in a lane of their own, as a batch of slow webhooks (5 s each) must not
        // hold up the SLA checks above.
        deliver();
        post();
        // Off the sign-in path: throttle keys that went quiet (made-up emails, one-off addresses).
        const at = now();
        if (at.getTime() - forgotAt >= FORGET_SIGN_IN_KEYS_EVERY_MS) {
          const forgotten = await forgetQuietSignInKeys(handle.db, at);
          forgotAt = at.getTime();
          if (forgotten) log(`forgot ${forgotten} quiet sign-in throttle keys`);
        }
      } catch (error) {
        // A failed batch rolled back whole; the same work is found again on the next round.
        log(`sweep failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (signal.aborted) break;
      // A database error here must not end the loop for good either: sleep the poll and try again.
      // While a webhook batch is out, its lane wakes the loop when done: its due messages need no timer
      // (they would make the loop spin while they wait for the lane).
      const delay = await untilNextCheck(handle, now(), pollMs, { webhooks: !posting }).catch(() => pollMs);
      await new Promise<void>((resolve) => {
        if (woken || signal.aborted) {
          resolve();
          return;
        }
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    // A batch being sent finishes and records its outcomes (webhooks time out after 5 s).
    await delivering;
    await posting;
    await listener.close();
  }
}

async function untilNextCheck(
  handle: DatabaseHandle,
  now: Date,
  pollMs: number,
  include: { webhooks: boolean },
): Promise<number> {
  const instants = (
    await Promise.all([
      nextScheduledCheck(handle.db),
      nextMaintenanceDue(handle.db),
      include.webhooks ? nextWebhookDue(handle.db) : null,
      nextHeartbeatDue(handle.db),
      nextFlapRecheckDue(handle.db),
    ])
  )
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  const wait = instants.length ? Math.min(...instants) - now.getTime() : pollMs;
  return Math.max(50, Math.min(pollMs, wait));
}

interface Listener {
  /** Listens again if the connection was lost (never throws: until it succeeds, the poll covers). */
  ensure(): Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTEN ticket_changed on a connection of its own (PostgreSQL) or the embedded instance (PGlite). The
 * server may drop that connection at any time (restart, failover, idle timeout): the loss is logged,
 * wakes the loop (changes may have gone unheard), and the next round listens again. Without an error
 * listener, a checked-out pg client that loses its connection throws an uncaught exception.
 */
async function listen(
  handle: DatabaseHandle,
  onChange: () => void,
  log: (message: string) => void,
): Promise<Listener> {
  if (handle.pglite) {
    const unlisten = await handle.pglite.listen('ticket_changed', onChange);
    return { ensure: async () => {}, close: unlisten };
  }
  const pool = handle.pool!;
  let current: { client: pg.PoolClient; release: (error?: Error) => void } | null = null;
  const connect = async () => {
    const client = await pool.connect();
    let released = false;
    const onError = (error: Error) => {
      log(`lost the ticket_changed listener (${error.message}); listening again`);
      connection.release(error);
      onChange();
    };
    const connection = {
      client,
      release(error?: Error) {
        if (released) return;
        released = true;
        if (current === connection) current = null;
        client.removeListener('notification', onChange);
        client.removeListener('error', onError);
        // With an error the pool discards the connection; a late error from it is no longer news.
        if (error) client.on('error', () => {});
        client.release(error);
      },
    };
    client.on('notification', onChange);
    client.on('error', onError);
    try {
      await client.query('listen ticket_changed');
    } catch (error) {
      connection.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    current = connection;
  };
  await connect();
  return {
    async ensure() {
      if (current) return;
      try {
        await connect();
      } catch (error) {
        log(
          `cannot listen for ticket_changed yet: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    async close() {
      const connection = current;
      if (!connection) return;
      await connection.client.query('unlisten ticket_changed').catch(() => {});
      connection.release();
    },
  };
}
