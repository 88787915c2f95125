import type { InngestFunction } from "inngest";
import { decideDraftFn } from "./decide-draft";
import { sendApprovedDraft } from "./send-approved-draft";
import { sweepSends } from "./sweep-sends";
import { verifyAuditChain } from "./verify-audit-chain";

/**
 * Every Inngest function the app serves. Add each workflow (one file per workflow in this folder)
 * to this array; app/api/inngest/route.ts serves exactly this list.
 */
export const functions: InngestFunction.Any[] = [decideDraftFn, sendApprovedDraft, sweepSends, verifyAuditChain];
