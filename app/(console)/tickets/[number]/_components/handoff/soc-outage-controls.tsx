'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FormAlert, Input, Label, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';

/** The SOC's hand on an outage it investigates: the preserve-evidence hold, and clearing it. */
export function SocOutageControls(props: { outageId: string; preserveEvidence: boolean; canClear: boolean }) {
  const { outageId, preserveEvidence } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const options = {
    onSuccess: () => setMessage(null),
    onError: (error: { message: string }) => setMessage(error.message),
    onSettled: () => router.refresh(),
  };
  const hold = useMutation(trpc.handoffs.setPreserveHold.mutationOptions(options));
  const clear = useMutation(trpc.handoffs.clear.mutationOptions(options));
  return (
    <div className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          hold.mutate({ outageId, hold: !preserveEvidence, reason });
        }}
      >
        <div className="grow">
          <Label htmlFor="hold-reason">
            {preserveEvidence ? 'Why lift the hold' : 'Why preserve evidence'}
          </Label>
          <Input id="hold-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <Button type="submit" disabled={hold.isPending}>
          {preserveEvidence ? 'Lift evidence hold' : 'Preserve evidence'}
        </Button>
      </form>
      {props.canClear && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            clear.mutate({ outageId, note });
          }}
        >
          <Label htmlFor="clear-note">Conclusion (clears the outage of the security question)</Label>
          <Textarea
            id="clear-note"
            rows={2}
            required
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="submit" variant="ghost" disabled={clear.isPending}>
            Mark cleared
          </Button>
        </form>
      )}
      <FormAlert message={message} />
    </div>
  );
}
