"use client";

import { useEffect, useRef } from "react";

/**
 * Single-key shortcuts (j, k, a, e, r, s, x, ?, Escape) for the inbox. Ignored while typing in a
 * field or with a modifier held, so they never eat text or browser shortcuts.
 */
export function useShortcuts(handlers: Record<string, (() => void) | undefined>, enabled = true) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) {
        if (e.key === "Escape") t.blur();
        return;
      }
      const h = ref.current[e.key];
      if (h) {
        e.preventDefault();
        h();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
