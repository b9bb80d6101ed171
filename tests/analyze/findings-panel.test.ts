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
      ...html.matchAll(/data-rule-id="([^"]+)" data-node-ids="([^"]*)" data-severity="([^"]+)"/g),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(items).toEqual([
      ["cartesian", "n7 n9", "critical"],
      ["shuffle", "n4", "info"],
    ]);
    expect(html).toContain("spark.sql.autoBroadcastJoinThreshold");
    // Plan text is rendered as text, never as markup.
    expect(html).not.toContain("<b>title</b>");
    expect(html).toContain("(3) Filter › Condition");
  });
});
