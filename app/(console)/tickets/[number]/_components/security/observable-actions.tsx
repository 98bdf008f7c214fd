'use client';

import { useMutation } from '@tanstack/react-query';
import { Square, SquareCheck } from 'lucide-react';
import { Button, FormAlert } from '@/app/_components/form';
import { useMutationFeedback } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';

/**
 * A row's IOC toggle (checkbox-like: the box shows the state, the words say what a click does) and Remove,
 * which asks first.
 */
export function ObservableActions(props: {
  ticketId: string;
  observableId: string;
  value: string;
  ioc: boolean;
}) {
  const { ticketId: id, observableId, ioc } = props;
  const trpc = useTRPC();
  const feedback = useMutationFeedback();
  const flag = useMutation(trpc.security.setObservableIoc.mutationOptions(feedback.callbacks));
  const remove = useMutation(trpc.security.removeObservable.mutationOptions(feedback.callbacks));
  const busy = flag.isPending || remove.isPending;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-1 whitespace-nowrap">
        <Button
          type="button"
          variant="ghost"
          disabled={busy}
          onClick={() => flag.mutate({ id, observableId, ioc: !ioc })}
        >
          {ioc ? (
            <SquareCheck aria-hidden className="mr-1 inline size-4 align-text-bottom" />
          ) : (
            <Square aria-hidden className="mr-1 inline size-4 align-text-bottom" />
          )}
          {ioc ? 'Unmark IOC' : 'Mark IOC'}
        </Button>
        <Button
          type="button"
          variant="ghost"
          disabled={busy}
          // Removing takes it out of correlation ("also seen in") for every other ticket: ask first.
          onClick={() => {
            if (window.confirm(`Remove the observable ${props.value} from this incident?`))
              remove.mutate({ id, observableId });
          }}
        >
          Remove
        </Button>
      </div>
      <FormAlert message={feedback.failure} />
    </div>
  );
}
