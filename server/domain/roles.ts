/** The one ladder of user roles; each role can do everything the roles below it can. */
export const ROLES = ["VIEWER", "APPROVER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];
/** Minimum role a procedure requires; PUBLIC means no session is needed. */
export type Access = "PUBLIC" | Role;

const RANK: Record<Role, number> = { VIEWER: 1, APPROVER: 2, ADMIN: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when a user holding `role` (or no session, when null) may use something that needs `required`. */
export function satisfies(role: Role | null, required: Access): boolean {
  if (required === "PUBLIC") return true;
  if (role === null) return false;
  return RANK[role] >= RANK[required];
}

/** A signed-in person acting in the app, as the database says now. */
export interface Actor {
  id: string;
  name: string;
  email: string;
  role: Role;
}
