"""Validate a SARIF log written by vmalock report, twice:

  1. against the SARIF 2.1.0 JSON schema (python3-jsonschema), which
     catches what the multitool may skip silently (it ignores a log it
     cannot deserialise, e.g. with an unknown result level);
  2. through the log that Microsoft's SARIF multitool wrote when it
     validated the file ("sarif-multitool validate -o"): the run must
     have succeeded and reported no error (its warnings are advice, such
     as informationUri, and are listed but allowed).

usage: sarif_validate.py LOG.sarif SCHEMA.json MULTITOOL-OUTPUT.sarif
Prints "schema ok", "multitool ok" and one line per result of LOG;
exits 1 on the first failure.
"""
import json
import sys

import jsonschema


def fail(msg):
    print("sarif_validate: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    log = json.load(open(sys.argv[1]))
    schema = json.load(open(sys.argv[2]))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors:
        print("schema: %s: %s" % ("/".join(map(str, e.path)), e.message),
              file=sys.stderr)
    if errors:
        fail("%d schema errors" % len(errors))
    print("schema ok")

    out = json.load(open(sys.argv[3]))
    run = out["runs"][0]
    if not all(i.get("executionSuccessful") for i in run["invocations"]):
        fail("the multitool run did not succeed")
    bad = [r for r in run.get("results", []) if r.get("level") == "error"]
    for r in bad:
        print("multitool: %s: %s" % (r["ruleId"], r["message"]),
              file=sys.stderr)
    if bad:
        fail("%d multitool errors" % len(bad))
    print("multitool ok")
    for r in log["runs"][0]["results"]:
        print("result", r["ruleId"],
              "suppressed" if r.get("suppressions") else "-",
              "flow" if r.get("codeFlows") else "-",
              "rule" if r.get("relatedLocations") else "-")


main()
