'use client';

import { TrpcReactProvider } from '@/lib/trpc/client';

export function Providers({ children }: { children: React.ReactNode }) {
  return <TrpcReactProvider>{children}</TrpcReactProvider>;
}
