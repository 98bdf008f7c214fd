import type { TicketKind } from '../../../../workflows/tickets/constants';
import type { MailMessage } from '../../subscriptions/internal/messages';

// E-mail to a person about a ticket (issue #14: escalations share the subscribers' outbox and sender). The
// outbox row holds facts only; the message is made when it is sent, for the address the user has then.

/** What a person's outbox row holds. */
export type PersonMailPayload =
  | {
      /** An escalation policy's level fired (escalations/sweep.ts). */
      kind: 'ticket.escalated';
      ticketKind: TicketKind;
      /** `OUT-1042` / `SEC-77`. */
      ticketNumber: string;
      /** 1-based, as the console shows it. */
      level: number;
      /**
       * The outage's title; always null for a security incident. Mail leaves the access-controlled console
       * (relays, mailboxes, forwarding), and a person's reads of a security incident are recorded on its
       * audit chain (DESIGN §2.8): so the mail says only that there is one to look at, and the details
       * are read after signing in, where that read is recorded.
       */
      title: string | null;
    }
  | {
      /**
       * A handoff to the SOC nobody accepted within its OLA (handoffs/sweep-ola-breaches.ts). The outage's
       * number only: the hypothesis (a suspicion, perhaps naming hosts and people) stays in the console.
       */
      kind: 'handoff.escalated';
      ticketKind: 'outage';
      ticketNumber: string;
    };

const FOOTER: Record<PersonMailPayload['kind'], string> = {
  'ticket.escalated': 'You receive this because an escalation policy names you, your team or your role.',
  'handoff.escalated': 'You receive this because unaccepted handoffs escalate to your role.',
};

/** The plain-text message for one outbox row to `to` (the app's public base URL for the link). */
export function personMailFor(payload: PersonMailPayload, to: { email: string }, base: string): MailMessage {
  const link = `${base}/tickets/${payload.ticketNumber}`;
  const { subject, lead, open } = wording(payload, link);
  return {
    to: to.email,
    subject,
    text: [lead, '', open, '', '--', FOOTER[payload.kind]].join('\n'),
    headers: {},
  };
}

function wording(payload: PersonMailPayload, link: string): { subject: string; lead: string; open: string } {
  const number = payload.ticketNumber;
  if (payload.kind === 'handoff.escalated')
    return {
      subject: `${number}: handoff to the SOC not accepted in time`,
      lead: `The handoff of ${number} to the SOC was not accepted within its OLA.`,
      open: `Open the outage: ${link}`,
    };
  const what = `${number} escalated (level ${payload.level})`;
  if (payload.ticketKind === 'security' || !payload.title)
    return {
      subject: what,
      lead: `${payload.ticketKind === 'security' ? 'A security incident' : 'A ticket'}, ${number}, was escalated to you (level ${payload.level}).`,
      open: `Its details are shown after signing in: ${link}`,
    };
  return {
    subject: `${what}: ${payload.title}`,
    lead: `${number} was escalated to you (level ${payload.level}): ${payload.title}`,
    open: `Open the ticket: ${link}`,
  };
}
