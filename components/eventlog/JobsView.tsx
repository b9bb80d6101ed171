"use client";
/**
 * An application without SQL (RDD jobs): its jobs on a timeline with their stages, a jobs table
 * (status, duration, stages, tasks) and the stages' task-time and shuffle distributions, as the
 * Spark UI's Jobs tab shows them.
 */
import type { Application, Job, Stage } from "@/lib/parse/eventlog";
import { formatDuration, plural } from "./format";
import { StageTable } from "./StageTable";

export function JobsView({ app }: { app: Application }) {
  const stages = new Map(app.stages.map((s) => [s.stageId, s]));
  const jobs = [...app.jobs].sort((a, b) => a.jobId - b.jobId);
  const jobStages = (j: Job) => j.stageIds.flatMap((id) => stages.get(id) ?? []);
  const inJobs = new Set(jobs.flatMap((j) => j.stageIds));
  const listed = app.stages.filter((s) => inJobs.has(s.stageId) || s.taskEnds > 0);
  return (
    <div className="flex h-full min-h-0 flex-col overflow-auto p-3" data-testid="jobs-view">
      <h2 className="font-semibold text-sm">
        Jobs <span className="font-normal text-muted">({jobs.length})</span>
      </h2>
      <p className="mb-2 text-muted text-xs">
        No SQL in this application: its {plural(jobs.length, "job")} and {plural(listed.length, "stage")}, as
        Spark's Jobs tab shows them.
      </p>
      <Timeline jobs={jobs} stagesOf={jobStages} />
      <table data-testid="jobs-table" className="mt-3 w-full border-collapse text-xs">
        <thead className="text-left text-muted">
          <tr className="border-line border-b">
            <th className="px-2 py-1 font-medium">Job</th>
            <th className="px-2 py-1 font-medium">Status</th>
            <th className="px-2 py-1 text-right font-medium">Duration</th>
            <th className="px-2 py-1 text-right font-medium">Stages</th>
            <th className="px-2 py-1 text-right font-medium">Tasks</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => {
            const ss = jobStages(j);
            const tasks = ss.reduce((n, s) => n + s.numTasks, 0);
            const failed = ss.reduce((n, s) => n + s.failedTasks, 0);
            return (
              <tr key={j.jobId} data-testid="job-row" data-job-id={j.jobId} className="border-line border-b">
                <td className="px-2 py-1 font-mono">{j.jobId}</td>
                <td className={`px-2 py-1 ${j.result === "failed" ? "text-error" : ""}`}>{j.result}</td>
                <td className="px-2 py-1 text-right font-mono">{formatDuration(duration(j))}</td>
                <td className="px-2 py-1 text-right font-mono">{j.stageIds.length}</td>
                <td className="px-2 py-1 text-right font-mono">
                  {tasks}
                  {failed > 0 && <span className="text-error"> · {failed} failed</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3 className="mt-4 mb-1 font-semibold text-sm">Stages</h3>
      <StageTable stages={listed} />
    </div>
  );
}

function duration(j: Job): number | null {
  return j.submissionTime !== null && j.completionTime !== null ? j.completionTime - j.submissionTime : null;
}

/** Jobs as bars on one time axis, each with its stages' attempts under it. */
function Timeline({ jobs, stagesOf }: { jobs: readonly Job[]; stagesOf: (j: Job) => Stage[] }) {
  const times = jobs
    .flatMap((j) => [j.submissionTime, j.completionTime])
    .filter((t): t is number => t !== null);
  if (times.length === 0) return <p className="text-muted text-xs">No job times recorded.</p>;
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const W = 640;
  const x = (t: number) => 80 + ((t - t0) / (t1 - t0)) * (W - 90);
  const rows: { key: string; label: string; from: number; to: number; kind: string }[] = [];
  for (const j of jobs) {
    if (j.submissionTime === null) continue;
    rows.push({
      key: `j${j.jobId}`,
      label: `job ${j.jobId}`,
      from: j.submissionTime,
      to: j.completionTime ?? t1,
      kind: j.result === "failed" ? "failed" : "job",
    });
    for (const s of stagesOf(j))
      for (const a of s.attempts)
        if (a.submissionTime !== null)
          rows.push({
            key: `s${s.stageId}.${a.attemptId}`,
            label: `  stage ${s.stageId}${a.attemptId > 0 ? `.${a.attemptId}` : ""}`,
            from: a.submissionTime,
            to: a.completionTime ?? t1,
            kind: a.status === "failed" ? "failed" : "stage",
          });
  }
  const H = 16;
  return (
    <svg
      data-testid="jobs-timeline"
      viewBox={`0 0 ${W} ${rows.length * H + 18}`}
      className="w-full max-w-3xl"
      role="img"
      aria-label={`Timeline of ${jobs.length} jobs over ${formatDuration(t1 - t0)}`}
    >
      {rows.map((r, i) => (
        <g key={r.key} data-timeline-row={r.key}>
          <text x={0} y={i * H + 12} fontSize={10} fill="var(--muted)" className="font-mono">
            {r.label}
          </text>
          <rect
            x={x(r.from)}
            y={i * H + 3}
            width={Math.max(2, x(r.to) - x(r.from))}
            height={H - 6}
            rx={2}
            fill={
              r.kind === "failed"
                ? "var(--sev-critical)"
                : r.kind === "job"
                  ? "var(--accent)"
                  : "var(--accent-soft)"
            }
            stroke="var(--accent)"
            strokeWidth={r.kind === "stage" ? 1 : 0}
          >
            <title>{`${r.label.trim()}: ${formatDuration(r.to - r.from)}`}</title>
          </rect>
        </g>
      ))}
      <text x={80} y={rows.length * H + 14} fontSize={10} fill="var(--muted)">
        0
      </text>
      <text x={W - 10} y={rows.length * H + 14} fontSize={10} fill="var(--muted)" textAnchor="end">
        {formatDuration(t1 - t0)}
      </text>
    </svg>
  );
}
