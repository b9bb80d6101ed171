"use client";
/**
 * `/p/local#/plan=...`: a plan carried entirely in the URL fragment, decoded here in the browser.
 * The server serves the same empty page for every such link and never sees the plan.
 */
import { useEffect, useState } from "react";
import { decodePlanFragment, type FragmentOutcome } from "@/lib/share/fragment";
import { PlanViewer } from "./PlanViewer";

export function LocalPlanView() {
  const [outcome, setOutcome] = useState<FragmentOutcome | null | "loading">("loading");
  useEffect(() => {
    const read = () => setOutcome(decodePlanFragment(window.location.hash));
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);

  if (outcome === "loading") return <p className="p-4 text-muted text-sm">Opening…</p>;
  if (outcome === null || !outcome.ok) {
    return (
      <main className="flex h-screen items-center justify-center p-8">
        <div role="alert" data-testid="local-error" className="max-w-md text-center">
          <p className="mb-2 font-medium">{outcome ? outcome.message : "This link carries no plan."}</p>
          <p className="text-muted text-sm">
            No-server links keep the whole plan after the <code>#</code>; make sure it was copied completely.{" "}
            <a href="/">Back to Plansight</a>
          </p>
        </div>
      </main>
    );
  }
  return <PlanViewer text={outcome.text} title="Plan from a link (not stored on any server)" />;
}
