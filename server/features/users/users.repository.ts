import type { Db } from "@/server/db/client";

const SELECT = { id: true, name: true, email: true, role: true, disabled: true } as const;

export const list = (db: Db) => db.user.findMany({ orderBy: { createdAt: "asc" }, select: SELECT });
export const find = (db: Db, id: string) => db.user.findUnique({ where: { id }, select: SELECT });
export const countActiveAdmins = (db: Db) => db.user.count({ where: { role: "ADMIN", disabled: false } });
