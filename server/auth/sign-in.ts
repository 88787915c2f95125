import { z } from "zod";
import type { Db } from "@/server/db/client";
import { isRole, type Role } from "@/server/domain/roles";
import { isLocked, recordFailure, type ThrottleState } from "@/server/domain/sign-in-throttle";
import { hashPassword, verifyPassword } from "./passwords";

export const signInInput = z.object({
  email: z.email("Enter a valid e-mail address").max(254).transform((v) => v.trim().toLowerCase()),
  password: z.string().min(1, "Enter your password").max(200, "Password is too long"),
});

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role } }
  | { ok: false; reason: "INVALID_INPUT" | "INVALID_CREDENTIALS" | "LOCKED" };

// A real hash to compare against when the user does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

async function loadThrottle(db: Db, key: string): Promise<ThrottleState | null> {
  return db.signInThrottle.findUnique({ where: { key }, select: { failures: true, windowStart: true, lockedUntil: true } });
}

async function saveFailure(db: Db, key: string, now: Date) {
  const next = recordFailure(await loadThrottle(db, key), now);
  await db.signInThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
}

/** Checks credentials with failed-attempt throttling per e-mail and per client address. */
export async function signIn(db: Db, raw: unknown, clientIp: string, now = new Date()): Promise<SignInResult> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "INVALID_INPUT" };
  const { email, password } = parsed.data;
  const keys = [`email:${email}`, `ip:${clientIp}`];
  for (const key of keys) if (isLocked(await loadThrottle(db, key), now)) return { ok: false, reason: "LOCKED" };

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true },
  });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword("not-a-user"))));
  if (!user || !valid || user.disabled || !isRole(user.role)) {
    for (const key of keys) await saveFailure(db, key, now);
    return { ok: false, reason: "INVALID_CREDENTIALS" };
  }
  await db.signInThrottle.deleteMany({ where: { key: { in: keys } } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
