import { ChevronRight } from 'lucide-react';
import Link from 'next/link';

/** Where a detail page sits: links back up the trail, the last step (this page) as plain text. */
export function Breadcrumbs({ trail }: { trail: { label: string; href?: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-muted">
        {trail.map((step, index) => (
          <li key={step.label} className="flex items-center gap-1">
            {index > 0 && <ChevronRight aria-hidden className="size-3.5" />}
            {step.href && index < trail.length - 1 ? (
              <Link href={step.href} className="text-sky-700 hover:underline dark:text-sky-400">
                {step.label}
              </Link>
            ) : (
              <span aria-current="page" className="text-zinc-800 dark:text-zinc-200">
                {step.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
