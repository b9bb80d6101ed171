import { describe, expect, it } from "vitest";
import { apiRoot, appPath, isAllowed, parseAllowList, parseSparkUrl } from "./url";

const t = (url: string) => {
  const r = parseSparkUrl(url);
  if (!r.ok) throw new Error(r.message);
  return r.target;
};

describe("parseSparkUrl", () => {
  it("reads the History Server's and the REST API's application URLs", () => {
    expect(t("http://shs:18080/history/app-20240101-0001/")).toEqual({
      origin: "http://shs:18080",
      base: "",
      appId: "app-20240101-0001",
      attemptId: null,
      executionId: null,
    });
    expect(t("http://shs:18080/history/application_1700000000000_0042/2/jobs/")).toMatchObject({
      appId: "application_1700000000000_0042",
      attemptId: "2",
    });
    expect(t("https://shs.example.com/api/v1/applications/local-1795680265430")).toMatchObject({
      origin: "https://shs.example.com",
      appId: "local-1795680265430",
      attemptId: null,
    });
    expect(t("http://shs:18080/api/v1/applications/app-1/3/logs")).toMatchObject({
      appId: "app-1",
      attemptId: "3",
    });
    expect(t("http://shs:18080/api/v1/applications/app-1/sql/7")).toMatchObject({
      appId: "app-1",
      executionId: 7,
    });
  });

  it("keeps the SQL execution a page names, with or without an application in the path", () => {
    expect(t("http://shs:18080/history/app-1/SQL/execution/?id=3")).toMatchObject({
      appId: "app-1",
      executionId: 3,
    });
    expect(t("http://driver:4040/SQL/execution/?id=12")).toEqual({
      origin: "http://driver:4040",
      base: "",
      appId: null,
      attemptId: null,
      executionId: 12,
    });
    expect(t("http://shs:18080/history/app-1/jobs/?id=3")).toMatchObject({ executionId: null });
  });

  it("reads a bare server, a live UI tab, and a path prefix of a reverse proxy", () => {
    expect(t("http://shs:18080")).toMatchObject({ origin: "http://shs:18080", appId: null, base: "" });
    expect(t("http://driver:4040/jobs/")).toMatchObject({ appId: null, base: "" });
    const proxied = t("https://gw.example.com/spark/history/app-9/");
    expect(proxied).toMatchObject({ base: "/spark", appId: "app-9" });
    expect(apiRoot(proxied)).toBe("https://gw.example.com/spark/api/v1");
    expect(appPath({ ...proxied, appId: "app-9", attemptId: "1" })).toBe(
      "https://gw.example.com/spark/api/v1/applications/app-9/1",
    );
  });

  it("refuses what it must not fetch", () => {
    for (const bad of [
      "file:///etc/passwd",
      "ftp://shs/x",
      "javascript:alert(1)",
      "not a url",
      "http://u:p@shs:18080/",
    ])
      expect(parseSparkUrl(bad).ok, bad).toBe(false);
    expect(parseSparkUrl("http://shs/history/..%2F..%2Fetc/").ok).toBe(false);
  });
});

describe("allow list", () => {
  it("keeps origins only, reports what is not one, and matches exactly", () => {
    const { origins, invalid } = parseAllowList(
      " http://shs:18080/ , https://shs.example.com/x,file:///tmp, nope ,",
    );
    expect(origins).toEqual(["http://shs:18080", "https://shs.example.com"]);
    expect(invalid).toEqual(["file:///tmp", "nope"]);
    expect(isAllowed("http://shs:18080/api/v1/applications", origins)).toBe(true);
    expect(isAllowed("http://shs:18081/", origins)).toBe(false);
    expect(isAllowed("http://shs:18080.evil.com/", origins)).toBe(false);
    expect(isAllowed("https://shs:18080/", origins)).toBe(false);
    expect(parseAllowList("").origins).toEqual([]);
  });
});
