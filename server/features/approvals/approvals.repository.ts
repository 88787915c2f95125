import type { Db } from "@/server/db/client";

export async function listPending(db: Db, opts: { cursor?: string | null; limit: number }) {
  const where = { status: "PENDING_REVIEW" };
  const [rows, total] = await Promise.all([
    db.draft.findMany({
      where,
      orderBy: [{ score: "desc" }, { createdAt: "desc" }, { id: "asc" }],
      take: opts.limit + 1,
      ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
      select: {
        id: true, version: true, subject: true, tier: true, score: true, warm: true, createdAt: true, recommendation: true,
        visitor: { select: { companyName: true, firstName: true, lastName: true, title: true } },
      },
    }),
    db.draft.count({ where }),
  ]);
  return { rows, total };
}
