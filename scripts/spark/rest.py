"""Ground truth from the live driver: Spark's REST API (/api/v1) read before the app stops.

The status store behind the REST API is fed by the same listener bus as the event log, so after
waiting for the bus to drain it describes exactly the events that were logged.
"""

import json
import re
import urllib.request

# Metric names worth pulling out of the SQL details into a flat list (the rest stays verbatim).
HIGHLIGHT_METRICS = {
    "number of output rows",
    "spill size",
    "number of files read",
    "size of files read",
    "shuffle bytes written",
    "records read",
    "data size",
    "peak memory",
    "number of partitions read",
    "number of skewed partitions",
    "number of skewed partition splits",
    "number of coalesced partitions",
}


# Fields kept from each /stages entry (the full entries are ~3 KB each and mostly zeros).
STAGE_FIELDS = (
    "stageId", "attemptId", "status", "name", "numTasks", "numActiveTasks", "numCompleteTasks",
    "numFailedTasks", "numKilledTasks", "executorRunTime", "inputBytes", "inputRecords",
    "outputBytes", "outputRecords", "shuffleReadBytes", "shuffleReadRecords", "shuffleWriteBytes",
    "shuffleWriteRecords", "memoryBytesSpilled", "diskBytesSpilled", "peakExecutionMemory",
)


def drain_listener_bus(spark) -> None:
    # LiveListenerBus.waitUntilEmpty is private[spark] in Scala, public in bytecode.
    spark.sparkContext._jsc.sc().listenerBus().waitUntilEmpty()


def get_json(base: str, path: str):
    with urllib.request.urlopen(f"{base}/api/v1{path}", timeout=60) as resp:
        return json.loads(resp.read().decode("utf-8"))


def first_number(value: str):
    """'1,234' or 'total (min, med, max ...)\\n12.3 KiB (...)' -> the leading total as text."""
    line = value.strip().splitlines()[-1] if "\n" in value else value.strip()
    match = re.match(r"[-0-9.,]+(\s*[KMGT]?i?B|\s*(ms|s|m|h))?", line)
    return match.group(0) if match else None


def snapshot(spark, *, with_sql_details: bool = True) -> dict:
    """Counts plus the verbatim REST answers for jobs, stages and SQL executions."""
    drain_listener_bus(spark)
    sc = spark.sparkContext
    base = sc.uiWebUrl.rstrip("/")
    app_id = sc.applicationId
    jobs = get_json(base, f"/applications/{app_id}/jobs")
    stages = get_json(base, f"/applications/{app_id}/stages")
    sql = get_json(
        base,
        f"/applications/{app_id}/sql?details={'true' if with_sql_details else 'false'}"
        "&planDescription=false&offset=0&length=100000",
    )
    by_status = lambda items: {s: sum(1 for i in items if i["status"] == s) for s in sorted({i["status"] for i in items})}
    tasks_ended = sum(s["numCompleteTasks"] + s["numFailedTasks"] + s["numKilledTasks"] for s in stages)
    summary = {
        "sql_executions": len(sql),
        "sql_executions_by_status": by_status(sql),
        "jobs": len(jobs),
        "jobs_by_status": by_status(jobs),
        "stages": len(stages),
        "stages_by_status": by_status(stages),
        "stages_completed": sum(1 for s in stages if s["status"] == "COMPLETE"),
        "tasks_ended": tasks_ended,
        "tasks_ended_how": "sum over stage attempts of numCompleteTasks + numFailedTasks + numKilledTasks",
        "task_totals_from_stages": {
            key: sum(s.get(key, 0) for s in stages)
            for key in (
                "numCompleteTasks",
                "numFailedTasks",
                "numKilledTasks",
                "inputRecords",
                "outputRecords",
                "shuffleReadRecords",
                "shuffleWriteRecords",
                "shuffleWriteBytes",
                "memoryBytesSpilled",
                "diskBytesSpilled",
            )
        },
    }
    highlights = []
    for execution in sql:
        for node in execution.get("nodes", []):
            for metric in node.get("metrics", []):
                if metric["name"] in HIGHLIGHT_METRICS:
                    highlights.append(
                        {
                            "execution_id": execution["id"],
                            "node_id": node["nodeId"],
                            "node": node["nodeName"],
                            "metric": metric["name"],
                            "value": metric["value"],
                            "total": first_number(metric["value"]),
                        }
                    )
    return {
        "app_id": app_id,
        "summary": summary,
        "sql_metric_highlights": highlights,
        "rest": {
            "jobs": jobs,
            "stages": [{k: s[k] for k in STAGE_FIELDS if k in s} for s in stages],
            "stages_note": f"each /stages entry cut to the fields {list(STAGE_FIELDS)}",
            "sql": sql,
            "sql_query": f"/sql?details={'true' if with_sql_details else 'false'}&planDescription=false",
        },
    }
