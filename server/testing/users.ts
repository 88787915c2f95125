import type { Db } from "@/server/db/client";
import { hashPassword } from "@/server/auth/passwords";
import type { Actor, Role } from "@/server/domain/roles";

let n = 0;
export async function createUser(db: Db, role: Role, opts: { password?: string; disabled?: boolean } = {}): Promise<Actor> {
  n++;
  const email = `${role.toLowerCase()}-${process.pid}-${n}@test.local`;
  const u = await db.user.create({
    data: { email, name: `${role} ${n}`, role, disabled: opts.disabled ?? false, passwordHash: await hashPassword(opts.password ?? "correct horse battery") },
    select: { id: true, name: true, email: true },
  });
  return { ...u, role };
}
