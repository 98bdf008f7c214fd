'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { Button } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';

export function MarkAllRead({ ids }: { ids: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const mark = useMutation(
    trpc.notifications.markRead.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  return (
    <Button type="button" variant="ghost" disabled={mark.isPending} onClick={() => mark.mutate({ ids })}>
      Mark all read
    </Button>
  );
}
