import { PlanWorkbench } from "@/components/PlanWorkbench";

export default function Home() {
  return <PlanWorkbench />;
}
