import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import type { Db } from "@/server/db/client";
import { DomainError } from "@/server/domain/errors";
import { satisfies, isRole, type Access, type Actor } from "@/server/domain/roles";
import { logger } from "@/server/logger";
import { toTRPCError } from "./errors";

export type SessionUser = Actor;

export interface Context {
  db: Db;
  /** The signed-in user as the database says now (role re-read on every call), or null. */
  user: SessionUser | null;
  requestId: string;
}

export interface Meta {
  /** Minimum role; every procedure declares one (server/trpc/README in DESIGN §2). */
  access: Access;
}

/** Loads the current user for a session's user id; disabled or unknown users count as signed out. */
export async function loadUser(db: Db, userId: string | undefined | null): Promise<SessionUser | null> {
  if (!userId) return null;
  const row = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, role: true, disabled: true },
  });
  if (!row || row.disabled || !isRole(row.role)) return null;
  return { id: row.id, name: row.name, email: row.email, role: row.role };
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          domainCode: cause instanceof DomainError ? cause.code : undefined,
          fieldErrors: cause instanceof ZodError ? z.flattenError(cause).fieldErrors : undefined,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps domain errors once, for every procedure; unknown errors are logged and hidden. */
const errorMapping = t.middleware(async ({ next, path, ctx }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ path, requestId: ctx.requestId, err: result.error.cause ?? result.error }, "procedure failed");
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Something went wrong (request ${ctx.requestId}).` });
    }
  }
  return result;
});

function requireAccess(access: Access) {
  return t.middleware(({ ctx, next }) => {
    if (access !== "PUBLIC" && !ctx.user) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "You are signed out. Sign in again." });
    }
    if (!satisfies(ctx.user?.role ?? null, access)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${access.toLowerCase()} role.` });
    }
    return next({ ctx });
  });
}

const base = t.procedure.use(errorMapping);

export const publicProcedure = base.meta({ access: "PUBLIC" }).use(requireAccess("PUBLIC"));
export const viewerProcedure = base
  .meta({ access: "VIEWER" })
  .use(requireAccess("VIEWER"))
  .use(({ ctx, next }) => next({ ctx: { ...ctx, user: ctx.user as SessionUser } }));
export const approverProcedure = base
  .meta({ access: "APPROVER" })
  .use(requireAccess("APPROVER"))
  .use(({ ctx, next }) => next({ ctx: { ...ctx, user: ctx.user as SessionUser } }));
export const adminProcedure = base
  .meta({ access: "ADMIN" })
  .use(requireAccess("ADMIN"))
  .use(({ ctx, next }) => next({ ctx: { ...ctx, user: ctx.user as SessionUser } }));
