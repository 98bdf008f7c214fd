import { notFound } from 'next/navigation';

/** A status page's slug from the URL, or the 404 page for anything that cannot be one. */
export function validSlug(slug: string): string {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) notFound();
  return slug;
}
