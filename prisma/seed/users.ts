import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db/client";
import { hashPassword } from "@/server/auth/passwords";
import type { Role } from "@/server/domain/roles";

export const SEED_USERS: { email: string; name: string; role: Role; passwordEnv: string }[] = [
  { email: "dani@caio-swarm.local", name: "Dani", role: "APPROVER", passwordEnv: "SEED_APPROVER_PASSWORD" },
  { email: "team@caio-swarm.local", name: "Team viewer", role: "VIEWER", passwordEnv: "SEED_VIEWER_PASSWORD" },
  { email: "admin@caio-swarm.local", name: "Admin", role: "ADMIN", passwordEnv: "SEED_ADMIN_PASSWORD" },
];

export const SEED_PASSWORD_MIN = 8;

/**
 * Creates the three seeded users if missing. Passwords come from SEED_*_PASSWORD or are generated;
 * a generated password is returned (to be printed once) and never stored in clear. A SEED_*_PASSWORD
 * too short is refused before any user is written (it used to be swapped silently for a generated
 * password that was never shown, leaving an account nobody could sign in to).
 */
export async function seedUsers(db: Db): Promise<{ email: string; role: Role; password: string | null; created: boolean }[]> {
  const short = SEED_USERS.filter((u) => process.env[u.passwordEnv] && process.env[u.passwordEnv]!.length < SEED_PASSWORD_MIN).map((u) => u.passwordEnv);
  if (short.length) throw new Error(`${short.join(", ")} must be at least ${SEED_PASSWORD_MIN} characters (or unset, to have one generated and shown once)`);
  const out = [];
  for (const u of SEED_USERS) {
    const existing = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (existing) {
      out.push({ email: u.email, role: u.role, password: null, created: false });
      continue;
    }
    const fromEnv = process.env[u.passwordEnv];
    const password = fromEnv || randomBytes(12).toString("base64url");
    await db.user.create({ data: { email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(password) } });
    out.push({ email: u.email, role: u.role, password: fromEnv ? null : password, created: true });
  }
  return out;
}
