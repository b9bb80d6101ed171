export { LocalPlanView } from "./LocalPlanView";
export { PlanViewer, type PlanViewerProps } from "./PlanViewer";
export { SharedPlanView } from "./SharedPlanView";
export { SharePanel, type SharePanelProps } from "./SharePanel";
