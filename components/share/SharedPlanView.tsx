"use client";
/** A permalink page: the plan read-only, and a delete button for the browser that created it. */
import { useEffect, useState } from "react";
import type { SharedPlan } from "@/lib/share/store";
import { deleteKeyFor, forgetDeleteKey } from "./keys";
import { PlanViewer } from "./PlanViewer";

export function SharedPlanView({ plan }: { plan: SharedPlan }) {
  const [deleteKey, setDeleteKey] = useState<string | null>(null);
  const [state, setState] = useState<"idle" | "confirm" | "deleting" | "deleted" | { error: string }>("idle");
  useEffect(() => setDeleteKey(deleteKeyFor(plan.id)), [plan.id]);

  const remove = async () => {
    if (!deleteKey) return;
    setState("deleting");
    const res = await fetch(`/api/plans/${encodeURIComponent(plan.id)}`, {
      method: "DELETE",
      headers: { "X-Delete-Key": deleteKey },
    }).catch(() => null);
    if (res && (res.status === 204 || res.status === 404)) {
      forgetDeleteKey(plan.id);
      setState("deleted");
    } else {
      setState({ error: res ? `Delete failed (${res.status}).` : "Delete failed: network error." });
    }
  };

  if (state === "deleted") {
    return (
      <main className="flex h-screen items-center justify-center p-8">
        <div data-testid="plan-deleted" className="max-w-md text-center">
          <p className="mb-2 font-medium">This plan was deleted.</p>
          <p className="text-muted text-sm">
            Its link now answers “not found” for everyone. <a href="/">Back to Plansight</a>
          </p>
        </div>
      </main>
    );
  }

  const actions = deleteKey ? (
    <span className="flex items-center gap-2 text-xs">
      {typeof state === "object" && (
        <span role="alert" className="text-error">
          {state.error}
        </span>
      )}
      {state === "confirm" ? (
        <>
          <span>Delete for everyone?</span>
          <button
            type="button"
            data-testid="confirm-delete"
            onClick={() => void remove()}
            className="rounded border border-error px-2 py-1 text-error"
          >
            Yes, delete
          </button>
          <button
            type="button"
            onClick={() => setState("idle")}
            className="rounded border border-line px-2 py-1"
          >
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          data-testid="delete-plan"
          disabled={state === "deleting"}
          onClick={() => setState("confirm")}
          className="rounded border border-line px-2 py-1 hover:border-error hover:text-error"
        >
          {state === "deleting" ? "Deleting…" : "Delete"}
        </button>
      )}
    </span>
  ) : null;

  return <PlanViewer text={plan.text} title={plan.title} createdAt={plan.createdAt} actions={actions} />;
}
