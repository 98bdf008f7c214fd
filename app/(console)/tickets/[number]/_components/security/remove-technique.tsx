'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert } from '@/app/_components/form';
import { useMutationFeedback } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import type { TechniqueInput } from '@/server/services/security/schemas';
import { ATTACK_TACTIC_LABELS } from '@/workflows/security/constants';

/** Remove, after a confirmation naming the technique and tactic. */
export function RemoveTechnique(technique: TechniqueInput) {
  const trpc = useTRPC();
  const feedback = useMutationFeedback();
  const remove = useMutation(trpc.security.removeTechnique.mutationOptions(feedback.callbacks));
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        disabled={remove.isPending}
        onClick={() => {
          const tactic = ATTACK_TACTIC_LABELS[technique.tactic];
          if (window.confirm(`Remove ${technique.techniqueId} (${tactic}) from this incident?`))
            remove.mutate(technique);
        }}
      >
        Remove
      </Button>
      <FormAlert message={feedback.failure} />
    </>
  );
}
