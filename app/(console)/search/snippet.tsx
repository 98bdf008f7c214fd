import { snippetParts } from '@/workflows/tickets/search';

/** A search snippet with its matched words in <mark>: text nodes only, never HTML from the database. */
export function Snippet({ text }: { text: string }) {
  return (
    <>
      {snippetParts(text).map((part, i) =>
        part.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-zinc-900">
            {part.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
