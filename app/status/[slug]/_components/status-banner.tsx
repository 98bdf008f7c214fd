import { Check, type LucideIcon, TriangleAlert, Wrench, X } from 'lucide-react';
import { COMPONENT_STATUS_LABEL, type ComponentStatus } from '@/workflows/status/constants';

// The page's overall indicator: its worst component, in the one colour vocabulary (DESIGN §4), with a word
// and an icon (never colour alone). White on each hue passes WCAG AA.
const BANNER: Record<ComponentStatus, { className: string; Icon: LucideIcon }> = {
  operational: { className: 'bg-status-operational', Icon: Check },
  under_maintenance: { className: 'bg-status-maintenance', Icon: Wrench },
  degraded_performance: { className: 'bg-status-degraded', Icon: TriangleAlert },
  partial_outage: { className: 'bg-status-partial', Icon: TriangleAlert },
  major_outage: { className: 'bg-status-major', Icon: X },
};

export function StatusBanner({ status }: { status: ComponentStatus }) {
  const { className, Icon } = BANNER[status];
  return (
    <p
      className={`mb-8 flex items-center gap-2 rounded-md px-4 py-3 font-medium text-white ${className}`}
      data-testid="overall-status"
      data-status={status}
    >
      <Icon aria-hidden className="size-5" strokeWidth={3} />
      {status === 'operational'
        ? 'All systems operational'
        : `Current status: ${COMPONENT_STATUS_LABEL[status]}`}
    </p>
  );
}
