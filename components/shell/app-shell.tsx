"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { NAV_LINKS } from "./nav-links";

export interface ShellUser {
  name: string;
  role: string;
}

/**
 * The authenticated frame: a top bar with navigation that folds into a menu below 1280 px (twelve
 * links, the user and sign-out fit one line from there; between a tablet and that they wrapped).
 */
export function AppShell({ user, onSignOut, banner, children }: { user: ShellUser; onSignOut: () => void; banner?: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-3">
          <Link href="/inbox" className="whitespace-nowrap font-semibold text-indigo-700">CAIO Swarm</Link>
          <button
            type="button"
            className="ml-auto rounded border border-slate-300 px-2 py-1 text-sm xl:hidden"
            aria-expanded={open}
            aria-controls="main-nav"
            onClick={() => setOpen((v) => !v)}
          >
            Menu
          </button>
          <nav id="main-nav" aria-label="Main" className={`${open ? "flex" : "hidden"} absolute left-0 right-0 top-12 z-10 flex-col border-b border-slate-200 bg-white p-2 xl:static xl:flex xl:flex-row xl:border-0 xl:p-0`}>
            {NAV_LINKS.filter((l) => !("adminOnly" in l) || user.role === "ADMIN").map((l) => {
              const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
              return (
                <Link
                  key={l.href}
                  href={l.href}
                  onClick={() => setOpen(false)}
                  aria-current={active ? "page" : undefined}
                  className={`whitespace-nowrap rounded px-3 py-2 text-sm xl:px-2 ${active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
                >
                  {l.label}
                </Link>
              );
            })}
          </nav>
          <div className="hidden items-center gap-3 whitespace-nowrap text-sm xl:ml-auto xl:flex">
            <span data-testid="current-user">
              {user.name} · <span className="lowercase">{user.role}</span>
            </span>
            <button type="button" onClick={onSignOut} className="rounded border border-slate-300 px-2 py-1">Sign out</button>
          </div>
        </div>
        <div className="flex items-center justify-between border-t border-slate-100 px-4 py-2 text-sm xl:hidden">
          <span>{user.name} · <span className="lowercase">{user.role}</span></span>
          <button type="button" onClick={onSignOut} className="rounded border border-slate-300 px-2 py-1">Sign out</button>
        </div>
      </header>
      {banner}
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
