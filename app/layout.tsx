import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { HydrationMark } from "@/components/ui/hydration-mark";
import "./globals.css";

export const metadata: Metadata = { title: "CAIO Swarm", description: "Outbound sales with guardrails" };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        {children}
        <HydrationMark />
      </body>
    </html>
  );
}
