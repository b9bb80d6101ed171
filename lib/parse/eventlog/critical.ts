import type { CriticalPathStage, Stage } from "./model";

/**
 * The critical path of one SQL execution: the chain of stages that bounds its wall-clock time.
 * Start from the stage that finished last; step back to the stage that finished last before it
 * was submitted, among its parents in the stage DAG and the execution's other stages (a broadcast
 * or an earlier AQE query stage runs as another job, linked to its reader by time only). AQE
 * submits each query stage as its own job; a later job lists the stage again under a new id and
 * skips it, so a skipped parent stands for the stage that ran the same RDD (`rddKey`).
 */

export interface StageLink {
  readonly parentIds: readonly number[];
  readonly rddKey: number | null;
}

interface Ran {
  readonly stage: Stage;
  readonly start: number;
  readonly end: number;
}

function ranOf(s: Stage): Ran | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const a of s.attempts) {
    if (a.submissionTime !== null) start = Math.min(start, a.submissionTime);
    if (a.completionTime !== null) end = Math.max(end, a.completionTime);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end) || s.taskEnds === 0) return null;
  return { stage: s, start, end };
}

export function criticalPath(
  executionStageIds: readonly number[],
  stages: ReadonlyMap<number, Stage>,
  links: ReadonlyMap<number, StageLink>,
): CriticalPathStage[] {
  const ran = new Map<number, Ran>();
  for (const s of stages.values()) {
    const r = ranOf(s);
    if (r) ran.set(s.stageId, r);
  }
  const byRdd = new Map<number, Ran[]>();
  for (const r of ran.values()) {
    const key = links.get(r.stage.stageId)?.rddKey;
    if (key === null || key === undefined) continue;
    (byRdd.get(key) ?? byRdd.set(key, []).get(key)!).push(r);
  }
  /** Stages that ran for `id`'s parents, before `before`. */
  const parentsOf = (id: number, before: number): Set<number> => {
    const out = new Set<number>();
    const seen = new Set<number>();
    const stack = [...(links.get(id)?.parentIds ?? [])];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      if (ran.has(p)) {
        out.add(p);
        continue;
      }
      const key = links.get(p)?.rddKey;
      const twin = (key === null || key === undefined ? [] : (byRdd.get(key) ?? []))
        .filter((r) => r.end <= before)
        .sort((a, b) => b.end - a.end)[0];
      if (twin) out.add(twin.stage.stageId);
      else stack.push(...(links.get(p)?.parentIds ?? []));
    }
    return out;
  };

  const own = executionStageIds.flatMap((id) => ran.get(id) ?? []);
  if (own.length === 0) return [];
  let cur = own.reduce((a, b) => (b.end > a.end || (b.end === a.end && b.start > a.start) ? b : a));
  const steps: { r: Ran; link: CriticalPathStage["link"] }[] = [];
  const onPath = new Set<number>();
  let link: CriticalPathStage["link"] = null;
  for (let guard = 0; guard < 10_000; guard++) {
    steps.push({ r: cur, link });
    onPath.add(cur.stage.stageId);
    const parents = parentsOf(cur.stage.stageId, cur.start);
    let best: Ran | null = null;
    let bestIsParent = false;
    const consider = (r: Ran, isParent: boolean) => {
      if (onPath.has(r.stage.stageId) || r.end > cur.start) return;
      if (!best || r.end > best.end || (r.end === best.end && isParent && !bestIsParent)) {
        best = r;
        bestIsParent = isParent;
      }
    };
    for (const p of parents) consider(ran.get(p)!, true);
    for (const r of own) consider(r, false);
    if (!best) break;
    cur = best;
    link = bestIsParent ? "parent" : "after";
  }
  // Steps were collected last to first; each step's link says how it follows the one before it.
  const ordered = steps.reverse();
  return ordered.map((s, k) => {
    const d = s.r.stage.tasks.duration;
    return {
      stageId: s.r.stage.stageId,
      durationMs: s.r.end - s.r.start,
      tasks: d.count,
      maxTaskMs: d.max,
      medianTaskMs: d.median,
      link: k === 0 ? null : ordered[k - 1]!.link,
    };
  });
}
