/** `/p/{id}`: a shared plan, read-only. Unknown, malformed and deleted ids are the same 404. */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { SharedPlanView } from "@/components/share/SharedPlanView";
import { isPlanId } from "@/lib/share/ids";
import { shareDeps } from "@/lib/share/server";

export const runtime = "nodejs"; // better-sqlite3 is a native module

interface Props {
  readonly params: Promise<{ id: string }>;
}

const loadPlan = cache(async (id: string) => (isPlanId(id) ? (await shareDeps().store()).get(id) : null));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const plan = await loadPlan((await params).id);
  return {
    title: plan ? `${plan.title ?? "Shared plan"} — Plansight` : "Plan not found — Plansight",
    referrer: "no-referrer",
    robots: { index: false, follow: false },
  };
}

export default async function SharedPlanPage({ params }: Props) {
  const plan = await loadPlan((await params).id);
  if (!plan) notFound();
  return <SharedPlanView plan={plan} />;
}
