'use client';

import { useMutation } from '@tanstack/react-query';
import { Button } from '@/app/_components/form';
import { useMutationFeedback } from '@/app/_components/forms/use-server-form';
import { useHydrated } from '@/app/_components/use-hydrated';
import { useTRPC } from '@/lib/trpc/client';
import type { MaintenanceEvent } from '@/workflows/status/maintenance';

const LABEL: Record<MaintenanceEvent, string> = {
  START: 'Start now',
  COMPLETE: 'Complete',
  CANCEL: 'Cancel',
};

const QUESTION: Record<MaintenanceEvent, (title: string) => string> = {
  START: (t) => `Start “${t}” now? Its services show as under maintenance on the status page.`,
  COMPLETE: (t) => `Complete “${t}” now? Its services return to operational on the status page.`,
  CANCEL: (t) => `Cancel “${t}”? The status page will say it is cancelled.`,
};

const DONE: Record<MaintenanceEvent, string> = {
  START: 'Maintenance started.',
  COMPLETE: 'Maintenance completed.',
  CANCEL: 'Maintenance cancelled.',
};

/** The steps a window may take now, each after a confirmation, against the version the page loaded. */
export function MaintenanceActions(props: {
  id: string;
  title: string;
  version: number;
  actions: MaintenanceEvent[];
}) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const start = useMaintenanceStep('START', trpc.maintenance.start.mutationOptions);
  const complete = useMaintenanceStep('COMPLETE', trpc.maintenance.complete.mutationOptions);
  const cancel = useMaintenanceStep('CANCEL', trpc.maintenance.cancel.mutationOptions);
  const steps = { START: start, COMPLETE: complete, CANCEL: cancel };
  return (
    <div className="flex flex-wrap gap-2">
      {props.actions.map((event) => {
        const step = steps[event];
        return (
          <Button
            key={event}
            type="button"
            variant={event === 'CANCEL' ? 'ghost' : 'primary'}
            aria-label={`${LABEL[event]}: ${props.title}`}
            disabled={!hydrated || step.isPending}
            onClick={() => {
              if (!window.confirm(QUESTION[event](props.title))) return;
              step.mutate({ id: props.id, expectedVersion: props.version });
            }}
          >
            {LABEL[event]}
          </Button>
        );
      })}
    </div>
  );
}

type Options = ReturnType<typeof useTRPC>['maintenance']['start']['mutationOptions'];

function useMaintenanceStep(event: MaintenanceEvent, options: Options) {
  const feedback = useMutationFeedback({ successMessage: DONE[event] });
  return useMutation(options(feedback.callbacks));
}
