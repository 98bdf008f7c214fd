import { ShieldAlert } from 'lucide-react';
import Link from 'next/link';
import { TicketStatusBadge } from '@/app/_components/badges';
import type { EvidenceHold } from '@/server/services/correlation/evidence-holds';
import { NocActionForm } from '../security/noc-action-form';
import { AskForNocAction } from './ask-for-noc-action';

/**
 * Cross-team correlation (issue #14): this outage's alerts name systems of security incidents that are
 * preserving evidence. Shown above the actions, so it is read before any remediation; each incident as its
 * stub (number, state, public summary) and nothing of why it matched. Instead of remediating, the SOC asks
 * the NOC for the action it can take safely (a NOC action request); the NOC asks for one.
 */
export function CorrelatedEvidenceHolds(props: {
  holds: EvidenceHold[];
  outage: { id: string; number: string };
  /** The SOC (security.work): it can make the NOC action request here and now. */
  socWorks: boolean;
  /** Works outages (the NOC): it asks the SOC for one instead. */
  nocWorks: boolean;
}) {
  const { holds, outage, socWorks } = props;
  if (holds.length === 0) return null;
  return (
    <section
      aria-label="Evidence hold"
      className="my-4 space-y-3 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      <p role="alert" className="flex gap-2 font-medium">
        <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        Evidence hold: this outage's alerts name systems the SOC is preserving evidence on. Do not reboot,
        reimage, fail over or wipe them; ask for a NOC action request instead, and the SOC will say what can
        be done safely.
      </p>
      <ul className="space-y-2">
        {holds.map((hold) => (
          <li
            key={hold.incidentId}
            className="rounded-md border border-amber-300 bg-white/60 p-2 dark:bg-black/20"
          >
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/tickets/${hold.number}`} className="font-mono underline">
                {hold.number}
              </Link>
              <TicketStatusBadge status={hold.status} />
              <span>{hold.summary}</span>
            </div>
            {socWorks ? (
              <details className="mt-2">
                <summary className="cursor-pointer">Request a NOC action for {hold.number}…</summary>
                <div className="mt-2 text-zinc-900 dark:text-zinc-100">
                  <NocActionForm incidentId={hold.incidentId} outages={[outage]} />
                </div>
              </details>
            ) : (
              props.nocWorks && (
                <details className="mt-2">
                  <summary className="cursor-pointer">Ask the SOC for a NOC action request…</summary>
                  <div className="mt-2 text-zinc-900 dark:text-zinc-100">
                    <AskForNocAction
                      outageId={outage.id}
                      incidentId={hold.incidentId}
                      incident={hold.number}
                    />
                  </div>
                </details>
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
