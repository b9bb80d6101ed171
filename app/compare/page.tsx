import type { Metadata } from "next";
import { ComparePlans } from "@/components/ComparePlans";

export const metadata: Metadata = { title: "Compare two plans — Plansight" };

export default function ComparePage() {
  return <ComparePlans />;
}
