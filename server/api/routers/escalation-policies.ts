import { listEscalationPolicies } from '../../services/escalation-policies/list';
import { saveEscalationPolicy } from '../../services/escalation-policies/save';
import { escalationPolicyInput } from '../../services/escalation-policies/schemas';
import { adminProcedure, protectedProcedure, router } from '../trpc';

/** Escalation policies (DESIGN §2.5): admins write, managers read (the service decides reads). */
export const escalationPoliciesRouter = router({
  list: protectedProcedure.query(({ ctx }) => listEscalationPolicies(ctx.service)),
  save: adminProcedure
    .input(escalationPolicyInput)
    .mutation(({ ctx, input }) => saveEscalationPolicy(ctx.service, input)),
});
