'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FormAlert, Input, Label, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';

/** Accept into a new incident or an existing one (by number), or decline with a reason. */
export function HandoffDecision({ handoffId, outage }: { handoffId: string; outage: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<'idle' | 'existing' | 'decline'>('idle');
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const onError = (error: {
    message: string;
    data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
  }) => setMessage(Object.values(error.data?.fieldErrors ?? {})[0]?.[0] ?? error.message);
  const accept = useMutation(
    trpc.handoffs.accept.mutationOptions({
      onSuccess: (result) => router.push(`/tickets/${result.incidentNumber}`),
      onError,
    }),
  );
  const decline = useMutation(
    trpc.handoffs.decline.mutationOptions({ onSuccess: () => router.refresh(), onError }),
  );
  const busy = accept.isPending || decline.isPending;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={busy} onClick={() => accept.mutate({ handoffId, into: 'new' })}>
          Accept as new incident
        </Button>
        <Button type="button" variant="ghost" disabled={busy} onClick={() => setMode('existing')}>
          Add to an existing incident…
        </Button>
        <Button type="button" variant="ghost" disabled={busy} onClick={() => setMode('decline')}>
          Decline…
        </Button>
      </div>
      {mode !== 'idle' && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            setMessage(null);
            if (mode === 'existing')
              accept.mutate({ handoffId, into: 'existing', incident: { number: value } });
            else decline.mutate({ handoffId, reason: value });
          }}
        >
          <Label htmlFor={`decision-${handoffId}`}>
            {mode === 'existing' ? `Incident to add ${outage} to (SEC-…)` : `Why the SOC declines ${outage}`}
          </Label>
          {mode === 'existing' ? (
            <Input
              id={`decision-${handoffId}`}
              required
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          ) : (
            <Textarea
              id={`decision-${handoffId}`}
              rows={2}
              required
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
          <Button type="submit" disabled={busy}>
            {mode === 'existing' ? 'Accept into incident' : 'Decline handoff'}
          </Button>
        </form>
      )}
      <FormAlert message={message} />
    </div>
  );
}
