import { CircleCheck, CircleDashed, CircleX } from 'lucide-react';
import { RelativeTime } from '@/app/_components/relative-time';
import { durationText } from '@/lib/reports/format';
import { MILESTONE_LABELS } from '@/workflows/reviews/constants';
import type { ReviewTimeline as Timeline } from '@/workflows/reviews/timeline';
import { METRIC_LABELS, type SlaMetric } from '@/workflows/sla/constants';
import { muted } from '../security/section';

const OUTCOME = {
  met: { Icon: CircleCheck, word: 'met', className: 'text-emerald-800 dark:text-emerald-300' },
  missed: { Icon: CircleX, word: 'missed', className: 'text-red-700 dark:text-red-400' },
  open: { Icon: CircleDashed, word: 'still counting', className: muted },
} as const;

/** The milestones and SLA outcomes the review derives from the outage (nobody types them in). */
export function ReviewTimeline({ timeline }: { timeline: Timeline }) {
  return (
    <div className="grid gap-4 text-sm md:grid-cols-2">
      <div>
        <h3 className="mb-1 font-medium">Milestones</h3>
        <ol aria-label="Milestones" className="space-y-1">
          {timeline.milestones.map((m) => (
            <li key={m.key} className="flex gap-2">
              <span className="w-20 shrink-0 font-mono text-xs leading-5 text-muted">
                {m.key === 'created' ? 'T+0' : `T+${durationText(m.sinceOpenedMs)}`}
              </span>
              <span>
                {MILESTONE_LABELS[m.key]} · <RelativeTime date={m.at} />
              </span>
            </li>
          ))}
        </ol>
      </div>
      <div>
        <h3 className="mb-1 font-medium">Outcome</h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className={muted}>Time to acknowledge</dt>
          <dd>{durationText(timeline.timeToAcknowledgeMs)}</dd>
          <dt className={muted}>Time to resolve</dt>
          <dd>{durationText(timeline.timeToResolveMs)}</dd>
          {timeline.sla.map((clock) => {
            const outcome = OUTCOME[clock.met === null ? 'open' : clock.met ? 'met' : 'missed'];
            const label = METRIC_LABELS[clock.metric as SlaMetric] ?? clock.metric;
            return (
              <div key={clock.metric} className="contents">
                <dt className={muted}>{label} SLA</dt>
                <dd className={`inline-flex items-center gap-1 ${outcome.className}`}>
                  <outcome.Icon aria-hidden className="size-3.5" />
                  {outcome.word} ({durationText(clock.elapsedMs)} of {durationText(clock.targetMs)})
                </dd>
              </div>
            );
          })}
        </dl>
      </div>
    </div>
  );
}
