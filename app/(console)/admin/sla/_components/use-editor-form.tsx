'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { DefaultValues, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { issuesOf } from '@/app/_components/forms/server-error';
import { type ServerFormOptions, useServerForm } from '@/app/_components/forms/use-server-form';
import { CREATED_QUERY, detailPath, type SlaAdminSection } from './routes';

export interface EditorOptions<V extends FieldValues, O, D>
  extends Pick<ServerFormOptions<V, O, D>, 'pathOf' | 'placeAll' | 'placedNote'> {
  /**
   * Creating: after the save, go to the new item's own page (which says it was created): an SLA admin
   * section's, or the path another admin page gives for the new id.
   */
  creates?: SlaAdminSection | ((id: string) => string);
  /** What the page says when it opens (e.g. "Created."). */
  notice?: string | null;
  /** The note after a save (default "Saved."). */
  savedText?: (data: D) => string;
}

/**
 * What every admin editor (SLA, users, customers) does around its fields: useServerForm keeping the values after a save, a
 * "Saved." note (cleared when sending again), and on creating, the move to the new item's page. `check`
 * runs the service's own schema on an input the form built (for forms whose values are not the schema's
 * input), showing its issues like the server's.
 */
export function useEditorForm<V extends FieldValues, O = V, D extends { id: string } = { id: string }>(
  schema: z.ZodType<O, V> | null,
  defaults: DefaultValues<V>,
  idPrefix: string,
  options: EditorOptions<V, O, D> = {},
) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(options.notice ?? null);
  const { creates } = options;
  const f = useServerForm<V, O, D>(schema, defaults, idPrefix, {
    keepValues: true,
    refresh: !creates,
    pathOf: options.pathOf,
    placeAll: options.placeAll,
    placedNote: options.placedNote,
    // The editor says "Saved." in its own frame (and "Created" on the new item's page): no toast on top.
    successMessage: false,
    onSuccess: (data) => {
      if (creates) {
        const path = typeof creates === 'function' ? creates(data.id) : detailPath(creates, data.id);
        router.push(`${path}?${CREATED_QUERY}=1`);
      } else setSaved(options.savedText?.(data) ?? 'Saved.');
    },
  });

  /** False (and the schema's issues on the form) when `input` is not what the service accepts. */
  const check = (inputSchema: z.ZodType, input: unknown): boolean => {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) f.reject(issuesOf(parsed.error));
    return parsed.success;
  };

  /** The frame's props for a form that sends with `send`: its submit (clearing the note), note and state. */
  const frame = (send: (values: O) => Promise<unknown> | undefined) => {
    const submit = f.onSubmit(send);
    return {
      onSubmit: (event: FormEvent<HTMLFormElement>) => {
        setSaved(null);
        return submit(event);
      },
      saved,
      failure: f.failure,
      pending: f.pending,
    };
  };

  return { f, check, frame };
}
