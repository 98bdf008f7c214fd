import { addEvidence } from '../../services/security/add-evidence';
import { addObservable } from '../../services/security/add-observable';
import { addTask } from '../../services/security/add-task';
import { addTechnique } from '../../services/security/add-technique';
import { completeTask } from '../../services/security/complete-task';
import { getSecurityWorkspace } from '../../services/security/get-workspace';
import { listNotices } from '../../services/security/list-notices';
import { publishNotice } from '../../services/security/publish-notice';
import { removeObservable } from '../../services/security/remove-observable';
import { removeTechnique } from '../../services/security/remove-technique';
import {
  addEvidenceInput,
  addObservableInput,
  addTaskInput,
  completeTaskInput,
  listNoticesInput,
  publishNoticeInput,
  removeObservableInput,
  setClassificationInput,
  setObservableIocInput,
  techniqueInput,
  transferEvidenceInput,
  workspaceInput,
} from '../../services/security/schemas';
import { setClassification } from '../../services/security/set-classification';
import { setObservableIoc } from '../../services/security/set-observable-ioc';
import { transferEvidence } from '../../services/security/transfer-evidence';
import { anyUserWriteProcedure, protectedProcedure, router } from '../trpc';

// Thin: parse input, call one service. Services authorise (SOC work needs admin or soc_analyst).
export const securityRouter = router({
  workspace: protectedProcedure
    .input(workspaceInput)
    .query(({ ctx, input }) => getSecurityWorkspace(ctx.service, input)),
  addObservable: anyUserWriteProcedure
    .input(addObservableInput)
    .mutation(({ ctx, input }) => addObservable(ctx.service, input)),
  setObservableIoc: anyUserWriteProcedure
    .input(setObservableIocInput)
    .mutation(({ ctx, input }) => setObservableIoc(ctx.service, input)),
  removeObservable: anyUserWriteProcedure
    .input(removeObservableInput)
    .mutation(({ ctx, input }) => removeObservable(ctx.service, input)),
  addEvidence: anyUserWriteProcedure
    .input(addEvidenceInput)
    .mutation(({ ctx, input }) => addEvidence(ctx.service, input)),
  transferEvidence: anyUserWriteProcedure
    .input(transferEvidenceInput)
    .mutation(({ ctx, input }) => transferEvidence(ctx.service, input)),
  setClassification: anyUserWriteProcedure
    .input(setClassificationInput)
    .mutation(({ ctx, input }) => setClassification(ctx.service, input)),
  addTechnique: anyUserWriteProcedure
    .input(techniqueInput)
    .mutation(({ ctx, input }) => addTechnique(ctx.service, input)),
  removeTechnique: anyUserWriteProcedure
    .input(techniqueInput)
    .mutation(({ ctx, input }) => removeTechnique(ctx.service, input)),
  addTask: anyUserWriteProcedure
    .input(addTaskInput)
    .mutation(({ ctx, input }) => addTask(ctx.service, input)),
  completeTask: anyUserWriteProcedure
    .input(completeTaskInput)
    .mutation(({ ctx, input }) => completeTask(ctx.service, input)),
  publishNotice: anyUserWriteProcedure
    .input(publishNoticeInput)
    .mutation(({ ctx, input }) => publishNotice(ctx.service, input)),
  notices: protectedProcedure
    .input(listNoticesInput)
    .query(({ ctx, input }) => listNotices(ctx.service, input)),
});
