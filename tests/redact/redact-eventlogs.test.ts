/**
 * Redaction over the plans Spark wrote into the corpus's event logs for the engines and sources
 * the explain goldens lack: Databricks Photon (`PhotonScan`, `== Photon Explanation ==`), RAPIDS
 * (`Gpu*`), JDBC (`Scan JDBCRelation(t)`), DataSource V2 (`BatchScan`), Dataproc, writes
 * (`InsertIntoHadoopFsRelationCommand`). Same property: nothing leaks, same graph.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEventLogPath } from "@/lib/parse/eventlog/node";
import { CORPUS, hasCorpus } from "@/tests/corpus/corpus";
import { checkRedaction } from "./property";

const LOGS = [
  "rapids-tools-e2e/photon_eventlog.zstd",
  "rapids-tools-qualification/nds_q88_photon_db_13_3.zstd",
  "rapids-tools-qualification/jdbc_eventlog.zstd",
  "rapids-tools-profiling/eventlog_dsv2.zstd",
  "rapids-tools-qualification/eventlog_nested_dsv2",
  "rapids-tools-profiling/rapids_join_eventlog.zstd",
  "rapids-tools-qualification/gpu_eventlog",
  "rapids-tools-qualification/writeformat_eventlog",
  "rapids-tools-qualification/nds_q72_dataproc_2_2.zstd",
];

describe("redaction over event-log plans (Photon, RAPIDS, JDBC, DSv2)", () => {
  it.runIf(!hasCorpus && Boolean(process.env.CI))("has the corpus (required under CI)", () => {
    expect.fail(`no corpus at ${CORPUS}: CI runs with ../shared/corpus in place`);
  });

  it.skipIf(!hasCorpus)(
    "leaves no name, location or literal, and the same graph",
    async () => {
      const failures: string[] = [];
      const seen = new Set<string>();
      let checked = 0;
      for (const log of LOGS) {
        const out = await readEventLogPath(join(CORPUS, "eventlogs", log));
        const result = out.ok ? out.result : out.partial;
        for (const app of result.applications) {
          for (const e of app.sqlExecutions) {
            for (const text of [e.physicalPlanDescription, e.initialPhysicalPlanDescription]) {
              if (!text) continue;
              const v = checkRedaction(text);
              if (!v.plan) continue;
              checked++;
              for (const m of text.matchAll(/\b(Photon\w*Scan|Gpu\w+|JDBCRelation|BatchScan)\b/g))
                seen.add(m[1]!);
              if (v.leaks.length > 0)
                failures.push(`${log} #${e.executionId}: ${v.leaks.slice(0, 5).join(", ")}`);
              if (!v.sameGraph) failures.push(`${log} #${e.executionId}: graph changed`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(50);
      for (const op of ["PhotonScan", "JDBCRelation", "BatchScan"]) expect(seen).toContain(op);
    },
    120_000,
  );
});
