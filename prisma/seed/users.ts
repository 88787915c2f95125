import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db/client";
import { hashPassword } from "@/server/auth/passwords";
import type { Role } from "@/server/domain/roles";

export const SEED_USERS: { email: string; name: string; role: Role; passwordEnv: string }[] = [
  { email: "dani@caio-swarm.local", name: "Dani", role: "APPROVER", passwordEnv: "SEED_APPROVER_PASSWORD" },
  { email: "team@caio-swarm.local", name: "Team viewer", role: "VIEWER", passwordEnv: "SEED_VIEWER_PASSWORD" },
  { email: "admin@caio-swarm.local", name: "Admin", role: "ADMIN", passwordEnv: "SEED_ADMIN_PASSWORD" },
];

/**
 * Creates the three seeded users if missing. Passwords come from SEED_*_PASSWORD or are generated;
 * a generated password is returned (to be printed once) and never stored in clear.
 */
export async function seedUsers(db: Db): Promise<{ email: string; role: Role; password: string | null; created: boolean }[]> {
  const out = [];
  for (const u of SEED_USERS) {
    const existing = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (existing) {
      out.push({ email: u.email, role: u.role, password: null, created: false });
      continue;
    }
    const fromEnv = process.env[u.passwordEnv];
    const password = fromEnv && fromEnv.length >= 8 ? fromEnv : randomBytes(12).toString("base64url");
    await db.user.create({ data: { email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(password) } });
    out.push({ email: u.email, role: u.role, password: fromEnv ? null : password, created: true });
  }
  return out;
}
