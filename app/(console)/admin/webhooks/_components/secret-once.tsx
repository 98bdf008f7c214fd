'use client';

import { Button } from '@/app/_components/form';

/** A signing secret, shown this once: the admin copies it into the receiver's configuration. */
export function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div
      role="status"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      <p className="font-medium">Signing secret: copy it now, it is not shown again.</p>
      <code className="block break-all rounded bg-white px-2 py-1 font-mono dark:bg-zinc-900">{secret}</code>
      <p className="text-muted">
        Receivers verify each message with it (Standard Webhooks: webhook-id, webhook-timestamp,
        webhook-signature).
      </p>
      <Button type="button" variant="ghost" onClick={onDone}>
        I have copied it
      </Button>
    </div>
  );
}
