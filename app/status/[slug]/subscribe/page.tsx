import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDatabase } from '@/db/client';
import { subscribeOptions } from '@/server/services/subscriptions/subscribe-options';
import { SubscribeForm } from './subscribe-form';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  if (!/^[a-z0-9-]{2,63}$/.test(slug)) notFound();
  const options = await subscribeOptions((await getDatabase()).db, slug);
  if (!options) notFound();
  return options;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { page } = await load((await params).slug);
  return { title: `Subscribe to ${page.name} status` };
}

/** Anonymous: subscribe by e-mail (double opt-in) or webhook to the whole page or some components. */
export default async function SubscribePage({ params }: Props) {
  const options = await load((await params).slug);
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <p className="mb-2 text-sm">
        <Link
          className="text-sky-700 hover:underline dark:text-sky-400"
          href={`/status/${options.page.slug}`}
        >
          ← {options.page.name} status
        </Link>
      </p>
      <h1 className="mb-6 text-2xl font-semibold">Subscribe to {options.page.name} status updates</h1>
      <SubscribeForm {...options} />
    </main>
  );
}
