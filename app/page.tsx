import { connection } from "next/server";
import { PlanWorkbench } from "@/components/PlanWorkbench";

export default async function Home() {
  await connection(); // rendered per request: the CSP nonce from proxy.ts must reach Next's scripts
  return <PlanWorkbench />;
}
