/** FindingsPanel renders every finding, worst first, with the data attributes e2e tests select on. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FindingsPanel } from "@/components/FindingsPanel";
import type { Finding } from "@/lib/analyze/types";

const finding = (ruleId: Finding["ruleId"], severity: Finding["severity"], nodeIds: string[]): Finding => ({
  ruleId,
  severity,
  nodeIds,
  title: `${ruleId} <b>title</b>`,
  evidence: [{ label: "Condition", value: "(cast(s#1 as int) = 5)", source: "(3) Filter › Condition" }],
  explanation: "why",
  fix: "spark.sql.autoBroadcastJoinThreshold",
});

describe("FindingsPanel", () => {
  it("lists findings by severity with rule id, node ids and severity attributes", () => {
    const html = renderToStaticMarkup(
      createElement(FindingsPanel, {
        findings: [finding("shuffle", "info", ["n4"]), finding("cartesian", "critical", ["n7", "n9"])],
        selectedNodeId: "n7",
        onSelectNodes: () => {},
      }),
    );
    const items = [
      ...html.matchAll(
        /data-testid="finding" data-rule-id="([^"]+)" data-count="(\d+)" data-node-ids="([^"]*)" data-severity="([^"]+)"/g,
      ),
    ].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(items).toEqual([
      ["cartesian", "1", "n7 n9", "critical"],
      ["shuffle", "1", "n4", "info"],
    ]);
    expect(html).toContain("spark.sql.autoBroadcastJoinThreshold");
    // Plan text is rendered as text, never as markup.
    expect(html).not.toContain("<b>title</b>");
    expect(html).toContain("(3) Filter › Condition");
  });
  it("shows findings with the same rule and cause as one entry with a count, expandable", () => {
    const branch = (i: number, k: number): Finding => ({
      ...finding("missed-pushdown", "info", [`f${i}`, `s${i}`]),
      title: `\`(customer_id % ${k}) = 0\` cannot be pushed to any source (arithmetic) at (${i}) Filter`,
      cause: "arithmetic: (customer_id % ?) = ?",
    });
    const html = renderToStaticMarkup(
      createElement(FindingsPanel, {
        findings: [branch(3, 2), finding("cartesian", "critical", ["n7"]), branch(9, 3), branch(15, 4)],
        selectedNodeId: null,
        onSelectNodes: () => {},
      }),
    );
    const entries = [
      ...html.matchAll(
        /data-testid="finding" data-rule-id="([^"]+)" data-count="(\d+)" data-node-ids="([^"]*)"/g,
      ),
    ].map((m) => [m[1], m[2], m[3]]);
    // Three occurrences, one entry: every node of every occurrence highlighted together.
    expect(entries).toEqual([
      ["cartesian", "1", "n7"],
      ["missed-pushdown", "3", "f3 s3 f9 s9 f15 s15"],
    ]);
    expect(html).toContain("`(customer_id % …) = 0` cannot be pushed to any source (arithmetic) × 3");
    expect([...html.matchAll(/data-testid="finding-occurrence"/g)].length).toBe(3);
  });
});
