import type { Db, DbOrTx } from "@/server/db/client";

export function findMany(db: DbOrTx, keys: string[]) {
  return db.setting.findMany({ where: { key: { in: keys } }, select: { key: true, value: true, updatedAt: true, updatedBy: true } });
}

export function upsert(db: Db, key: string, value: string, updatedBy: string | null) {
  return db.setting.upsert({ where: { key }, create: { key, value, updatedBy }, update: { value, updatedBy } });
}
