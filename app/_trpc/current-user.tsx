"use client";

import { createContext, useContext } from "react";
import type { Role } from "@/server/domain/roles";

export interface CurrentUser {
  name: string;
  role: Role;
}

export const CurrentUserContext = createContext<CurrentUser | null>(null);

/** The signed-in user the layout loaded. UI hides controls by role; the server enforces them. */
export function useCurrentUser(): CurrentUser {
  const u = useContext(CurrentUserContext);
  if (!u) throw new Error("useCurrentUser outside the signed-in layout");
  return u;
}

export const canApprove = (u: CurrentUser) => u.role === "APPROVER" || u.role === "ADMIN";
