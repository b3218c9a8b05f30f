"""Check the structure of a SARIF log written by vmalock report and print
one line per rule and per result for FileCheck:

    rule ID NAME
    result RULEID FILE:LINE:COL function=NAME fingerprint=HEX flow=N
    step RULEID FILE:LINE:COL MESSAGE

Exits 1 with a message on the first broken invariant: a result whose
ruleIndex does not point to the rule with its ruleId, a duplicate rule,
a missing required member.
"""
import json
import re
import sys


def fail(msg):
    print("sarif_check: " + msg, file=sys.stderr)
    sys.exit(1)


def loc(pl):
    region = pl.get("region", {})
    return "%s:%s:%s" % (pl["artifactLocation"]["uri"],
                         region.get("startLine", "?"),
                         region.get("startColumn", "?"))


def main():
    log = json.load(open(sys.argv[1]))
    if log.get("version") != "2.1.0":
        fail("version is %r" % log.get("version"))
    if len(log.get("runs", [])) != 1:
        fail("expected one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    if driver.get("name") != "vmalock":
        fail("driver name is %r" % driver.get("name"))
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids):
        fail("duplicate rule ids: %r" % ids)
    for r in rules:
        if not r.get("shortDescription", {}).get("text"):
            fail("rule %s has no description" % r["id"])
        print("rule", r["id"], r.get("name"))
    for res in run["results"]:
        rid = res["ruleId"]
        idx = res.get("ruleIndex")
        if idx is None or not 0 <= idx < len(rules) or rules[idx]["id"] != rid:
            fail("result %s has ruleIndex %r" % (rid, idx))
        if not res["message"]["text"]:
            fail("result %s has no message" % rid)
        fp = res["partialFingerprints"]["vmalock/v1"]
        if not re.fullmatch("[0-9a-f]{16}", fp):
            fail("bad fingerprint %r" % fp)
        (location,) = res["locations"]
        func = location["logicalLocations"][0]["name"]
        flows = res.get("codeFlows", [])
        steps = []
        for flow in flows:
            for tf in flow["threadFlows"]:
                steps += tf["locations"]
        print("result", rid, loc(location["physicalLocation"]),
              "function=" + func, "fingerprint=ok", "flow=%d" % len(steps))
        for s in steps:
            print("step", rid, loc(s["location"]["physicalLocation"]),
                  s["location"].get("message", {}).get("text", ""))


main()
