import type { InngestFunction } from "inngest";

/**
 * Every Inngest function the app serves. Add each workflow (one file per workflow in this folder)
 * to this array; app/api/inngest/route.ts serves exactly this list.
 */
export const functions: InngestFunction.Any[] = [];
