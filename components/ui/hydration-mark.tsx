"use client";

import { useEffect } from "react";

/**
 * Marks the document once React has hydrated it (`<html data-hydrated>`). Pages arrive
 * server-rendered with their data, so a button or a list is visible before its handlers exist;
 * the E2E suite waits for this mark after every full page load so that a key press or a click
 * never lands in that gap.
 */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
