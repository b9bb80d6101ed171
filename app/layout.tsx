import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Plansight — readable Spark query plans",
  description: "Paste Spark explain() output and see the plan as a graph, with the costly parts flagged.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: proxy.ts gives each response a fresh CSP nonce, and Next can
  // only put that nonce on its scripts while rendering (a prerendered page would be blocked).
  await connection();
  return (
    <html lang="en">
      <body className="antialiased">{children}</body>
    </html>
  );
}
