import { escalationPolicyInput } from '../../services/sla/escalation-policy-schemas';
import { listEscalationPolicies } from '../../services/sla/list-escalation-policies';
import { saveEscalationPolicy } from '../../services/sla/save-escalation-policy';
import { protectedProcedure, roleProcedure, router } from '../trpc';

const adminProcedure = roleProcedure(['admin']);

/** Escalation policies (DESIGN §2.5): admins write, managers read (the service decides reads). */
export const escalationPoliciesRouter = router({
  list: protectedProcedure.query(({ ctx }) => listEscalationPolicies(ctx.service)),
  save: adminProcedure
    .input(escalationPolicyInput)
    .mutation(({ ctx, input }) => saveEscalationPolicy(ctx.service, input)),
});
