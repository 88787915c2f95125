"use client";

import { ROLES, type Role } from "@/server/domain/roles";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
}

export function UsersTable({ users, onChange, busy }: { users: UserRow[]; onChange: (id: string, patch: { role?: Role; disabled?: boolean }) => void; busy: boolean }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500"><tr><th className="p-2">Name</th><th className="p-2">E-mail</th><th className="p-2">Role</th><th className="p-2">Access</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-slate-100">
              <td className="p-2">{u.name}</td>
              <td className="p-2">{u.email}</td>
              <td className="p-2">
                <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.name}</label>
                <select id={`role-${u.id}`} value={u.role} disabled={busy} onChange={(e) => onChange(u.id, { role: e.target.value as Role })} className="rounded border border-slate-300 px-2 py-1">
                  {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
                </select>
              </td>
              <td className="p-2">
                <button type="button" disabled={busy} onClick={() => onChange(u.id, { disabled: !u.disabled })} className="rounded border border-slate-300 px-2 py-1">
                  {u.disabled ? "Enable" : "Disable"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
