import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/domain/errors";
import { isRole, type Actor } from "@/server/domain/roles";
import { recordInTx } from "@/server/features/audit/audit.service";
import * as repo from "./users.repository";
import type { UserDto } from "./users.schemas";

function toDto(u: { id: string; name: string; email: string; role: string; disabled: boolean }): UserDto {
  return { ...u, role: isRole(u.role) ? u.role : "VIEWER" };
}

export async function list(db: Db): Promise<UserDto[]> {
  return (await repo.list(db)).map(toDto);
}

/** Changes a user's role or disabled flag; takes effect on their next request. Never locks out the last admin. */
export async function update(db: Db, actor: Actor, input: { id: string; role?: UserDto["role"]; disabled?: boolean }) {
  const target = await repo.find(db, input.id);
  if (!target) throw notFound("User");
  const losesAdmin = target.role === "ADMIN" && !target.disabled && ((input.role && input.role !== "ADMIN") || input.disabled === true);
  if (losesAdmin && (await repo.countActiveAdmins(db)) <= 1) throw conflict("The last active admin cannot be demoted or disabled.");
  const updated = await retryBusy(() => db.$transaction(async (tx) => {
    const u = await tx.user.update({
      where: { id: input.id },
      data: { role: input.role, disabled: input.disabled },
      select: { id: true, name: true, email: true, role: true, disabled: true },
    });
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: "user.update", decision: "INFO", subjectType: "user", subjectId: u.id,
      evidence: { role: { from: target.role, to: u.role }, disabled: { from: target.disabled, to: u.disabled } },
    });
    return u;
  }));
  return toDto(updated);
}
