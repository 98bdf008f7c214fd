import Link from 'next/link';

/** Where else the page's facts are: its history, its feeds and its Statuspage-compatible JSON. */
export function StatusFooter({ slug }: { slug: string }) {
  const link = 'underline underline-offset-2 hover:no-underline';
  return (
    <footer className="mt-10 space-y-2 text-center text-xs text-muted">
      <p className="space-x-3">
        <Link className={link} href={`/status/${slug}/history`}>
          Incident history
        </Link>
        <Link className={link} href={`/status/${slug}/subscribe`}>
          Subscribe
        </Link>
        <a className={link} href={`/status/${slug}/history.atom`}>
          Atom feed
        </a>
        <a className={link} href={`/status/${slug}/history.rss`}>
          RSS feed
        </a>
        <a className={link} href={`/status/${slug}/api/v2/summary.json`}>
          JSON API
        </a>
      </p>
      <p>Powered by Watchfloor</p>
    </footer>
  );
}

/** The page's feeds, for `<link rel="alternate">` in its head. */
export function feedAlternates(slug: string, name: string) {
  return {
    types: {
      'application/atom+xml': [{ url: `/status/${slug}/history.atom`, title: `${name} status (Atom)` }],
      'application/rss+xml': [{ url: `/status/${slug}/history.rss`, title: `${name} status (RSS)` }],
    },
  };
}
