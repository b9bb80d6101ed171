/** `/p/local#/plan=...`: a plan carried in the URL fragment, decoded in the browser only. */
import type { Metadata } from "next";
import { connection } from "next/server";
import { LocalPlanView } from "@/components/share/LocalPlanView";

export const metadata: Metadata = {
  title: "Plan from a link — Plansight",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function LocalPlanPage() {
  await connection(); // rendered per request so the CSP nonce reaches Next's scripts
  return <LocalPlanView />;
}
