'use client';

import { TrpcReactProvider } from '@/lib/trpc/client';
import { Toaster } from './_components/toasts/toaster';

export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <TrpcReactProvider>
      <Toaster>{children}</Toaster>
    </TrpcReactProvider>
  );
}
