import type {
  HoldReason,
  Impact,
  OutageCause,
  Severity,
  Urgency,
} from '../../../workflows/tickets/constants';

// Ninety days of work behind the live demo tickets, so that reports have trends, the All view and search
// have a past, SLA figures are neither 0 % nor 100 %, and status pages have 90 days of uptime bars, public
// updates and maintenance. Generated, not listed: a fixed-seed generator (the same history on every first
// start), at times relative to the seeding instant.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const HISTORY_DAYS = 90;

/** One finished outage: when it opened, how long acknowledging and restoring took, what caused it. */
export interface PastOutage {
  kind: 'outage';
  openedAt: Date;
  title: string;
  organisation: string;
  services: string[];
  impact: Impact;
  urgency: Urgency;
  ackAfterMs: number;
  resolveAfterMs: number;
  cause: OutageCause;
  resolutionSummary: string;
  /** Closed a day after resolving (the customer confirmed), or left resolved. */
  closed: boolean;
  /** Handed to the SOC while investigating: accepted or declined this long after the request. */
  handoff?: { decideAfterMs: number; accepted: boolean };
  /** Put on hold while investigating (its resolution clock paused), resumed this much later. */
  hold?: { reason: HoldReason; forMs: number };
  /** The NOC kept the customer's status page informed (investigating → identified → monitoring → resolved). */
  published: boolean;
}

/** A maintenance window that ran as planned (scheduled a week ahead, started and completed on time). */
export interface PastMaintenance {
  organisation: string;
  services: string[];
  title: string;
  body: string;
  startsAt: Date;
  durationMs: number;
}

/** One finished security incident, opened by the SOC. */
export interface PastIncident {
  kind: 'security';
  openedAt: Date;
  title: string;
  organisation: string;
  services: string[];
  severity: Severity;
  /** Confirmed and worked through to closure, or dismissed from triage as a false positive. */
  confirmed: boolean;
  /** From opening to each phase (confirmed incidents) or to the dismissal. */
  stepEveryMs: number;
}

export type PastTicket = PastOutage | PastIncident;

interface OutageTemplate {
  title: string;
  organisation: string;
  services: string[];
  cause: OutageCause;
  resolutionSummary: string;
}

const OUTAGES: OutageTemplate[] = [
  {
    title: 'Storefront checkout timing out',
    organisation: 'acme',
    services: ['acme/website', 'acme/payments'],
    cause: 'capacity',
    resolutionSummary: 'Scaled the checkout pool from 6 to 12 workers; p95 back under 400 ms.',
  },
  {
    title: 'Partner API returning 503 after deploy',
    organisation: 'acme',
    services: ['acme/api'],
    cause: 'software',
    resolutionSummary: 'Rolled back release 4.18.2; the connection-pool regression is filed with the vendor.',
  },
  {
    title: 'Card authorisations declined for Visa',
    organisation: 'acme',
    services: ['acme/payments'],
    cause: 'third_party',
    resolutionSummary: 'Acquirer fixed a routing table on their side; authorisation rate back to 98 %.',
  },
  {
    title: 'Mail delivery delayed to external domains',
    organisation: 'acme',
    services: ['acme/email'],
    cause: 'configuration_change',
    resolutionSummary: 'Restored the SPF record dropped in the DNS migration; queues drained in 20 minutes.',
  },
  {
    title: 'VPN concentrator vpn-2 rebooting',
    organisation: 'acme',
    services: ['acme/vpn'],
    cause: 'hardware',
    resolutionSummary: 'Replaced the failing PSU on vpn-2 and moved users back from vpn-1.',
  },
  {
    title: 'Branch sites losing SD-WAN tunnels',
    organisation: 'globex',
    services: ['globex/sd-wan'],
    cause: 'network',
    resolutionSummary: 'Pinned the IPsec rekey timers; all 42 sites stable for 24 hours.',
  },
  {
    title: 'Frankfurt hall B on UPS power',
    organisation: 'globex',
    services: ['globex/dc-fra'],
    cause: 'power',
    resolutionSummary: 'Utility feed restored; generator test scheduled with the facility.',
  },
  {
    title: 'ERP batch jobs stuck in queue',
    organisation: 'globex',
    services: ['globex/erp'],
    cause: 'human_error',
    resolutionSummary: 'Re-enabled the scheduler paused during maintenance and re-ran the night batch.',
  },
  {
    title: 'Core router flapping BGP sessions',
    organisation: 'watchfloor',
    services: ['watchfloor/core-network'],
    cause: 'network',
    resolutionSummary: 'Raised the hold timers with the peer and replaced a dirty optic on et-0/0/3.',
  },
  {
    title: 'Resolvers answering SERVFAIL for signed zones',
    organisation: 'watchfloor',
    services: ['watchfloor/dns'],
    cause: 'configuration_change',
    resolutionSummary: 'Corrected the trust anchor after the key rollover; validation passes again.',
  },
];

const INCIDENTS: Pick<PastIncident, 'title' | 'organisation' | 'services'>[] = [
  { title: 'Phishing campaign against Acme finance', organisation: 'acme', services: ['acme/email'] },
  { title: 'Impossible-travel logins on Acme VPN', organisation: 'acme', services: ['acme/vpn'] },
  { title: 'Web shell uploaded to storefront CMS', organisation: 'acme', services: ['acme/website'] },
  { title: 'Credential stuffing on Globex ERP portal', organisation: 'globex', services: ['globex/erp'] },
  { title: 'Port scan from a Globex branch host', organisation: 'globex', services: ['globex/sd-wan'] },
];

/** mulberry32: small, fast and good enough to vary demo data; the same seed gives the same month. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const between = (low: number, high: number) => low + next() * (high - low);
  return { next, pick, between };
}

const LEVELS = ['high', 'medium', 'low'] as const;

/**
 * The past 90 days, oldest first, as seen from `now`: about two outages a day (some slow to acknowledge,
 * some slow to restore, so that SLAs are sometimes missed; some put on hold), an incident every few days,
 * now and then an outage handed to the SOC, and most customer outages told on the status page.
 * Everything ends before `now` minus a day.
 */
export function demoHistory(now: Date, days = HISTORY_DAYS): PastTicket[] {
  const random = generator(20_261_203);
  const tickets: PastTicket[] = [];
  for (let day = days; day >= 2; day--) {
    const dayStart = now.getTime() - day * DAY;
    const roll = random.next();
    const outages = roll < 0.3 ? 1 : roll < 0.75 ? 2 : 3;
    for (let i = 0; i < outages; i++) {
      const template = random.pick(OUTAGES);
      const impact = random.pick(LEVELS);
      const urgency = random.pick(LEVELS);
      // Mostly within targets (P1 15 min / 4 h … P4 8 h / 40 h), with a tail that misses them.
      const slowAck = random.next() < 0.15;
      const slowFix = random.next() < 0.2;
      const handoff =
        random.next() < 0.12
          ? { decideAfterMs: random.between(4, 40) * MINUTE, accepted: random.next() < 0.6 }
          : undefined;
      const hold =
        random.next() < 0.1
          ? { reason: random.pick(['vendor', 'customer'] as const), forMs: random.between(1, 6) * HOUR }
          : undefined;
      tickets.push({
        kind: 'outage',
        ...template,
        openedAt: new Date(dayStart + random.between(1, 20) * HOUR),
        impact,
        urgency,
        ackAfterMs: slowAck ? random.between(40, 120) * MINUTE : random.between(2, 14) * MINUTE,
        resolveAfterMs: slowFix ? random.between(9, 20) * HOUR : random.between(0.5, 3.5) * HOUR,
        closed: random.next() < 0.8,
        handoff,
        // Not while a handoff is pending: the SOC's answer comes first.
        hold: handoff ? undefined : hold,
        // The operator's own services have no public page; most customer outages are told on theirs.
        published: template.organisation !== 'watchfloor' && random.next() < 0.8,
      });
    }
    if (day % 4 === 0) {
      tickets.push({
        kind: 'security',
        ...random.pick(INCIDENTS),
        openedAt: new Date(dayStart + random.between(1, 20) * HOUR),
        severity: random.pick(['low', 'medium', 'high', 'critical'] as const),
        confirmed: random.next() < 0.7,
        stepEveryMs: random.between(1, 5) * HOUR,
      });
    }
  }
  return tickets.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
}

const MAINTENANCE: Omit<PastMaintenance, 'startsAt' | 'durationMs'>[] = [
  {
    organisation: 'acme',
    services: ['acme/payments'],
    title: 'Payment gateway software upgrade',
    body: 'Card payments may be briefly declined while the gateway cluster is upgraded node by node.',
  },
  {
    organisation: 'acme',
    services: ['acme/website', 'acme/api'],
    title: 'Load balancer firmware update',
    body: 'Short connection resets are possible while each load balancer restarts.',
  },
  {
    organisation: 'globex',
    services: ['globex/erp'],
    title: 'ERP database patching',
    body: 'The ERP is read-only during the window while the database is patched.',
  },
  {
    organisation: 'globex',
    services: ['globex/dc-fra'],
    title: 'Frankfurt power distribution work',
    body: 'Redundant feeds stay up; a single-corded device may lose power briefly.',
  },
];

/**
 * The maintenance windows of the same 90 days: one every eight days or so, at night (02:00 UTC), two to
 * four hours long, each on the services it names; none after `now` minus a day.
 */
export function demoMaintenance(now: Date, days = HISTORY_DAYS): PastMaintenance[] {
  const random = generator(20_261_204);
  const windows: PastMaintenance[] = [];
  const midnight = Math.floor(now.getTime() / DAY) * DAY;
  for (let day = days - 3; day >= 2; day -= 8) {
    windows.push({
      ...MAINTENANCE[windows.length % MAINTENANCE.length]!,
      startsAt: new Date(midnight - day * DAY + 2 * HOUR),
      durationMs: Math.round(random.between(2, 4)) * HOUR,
    });
  }
  return windows;
}
