/** `/eventlog`: read a Spark event log in the browser (nothing is uploaded). */
import type { Metadata } from "next";
import { connection } from "next/server";
import { EventLogPage } from "@/components/eventlog/EventLogPage";

export const metadata: Metadata = {
  title: "Event log — Plansight",
  description: "Drop a Spark event log and see every SQL query's plan with the metrics it ran with.",
};

export default async function EventLogRoute() {
  await connection(); // rendered per request so the CSP nonce from proxy.ts reaches Next's scripts
  return <EventLogPage />;
}
