#!/usr/bin/env python3
"""validate-sarif.py FILE - check a SARIF log against the SARIF 2.1.0 JSON
schema (sarif-schema-2.1.0.json beside this script; its origin and licence
are in sarif-schema-2.1.0.LICENSE) and against what GitHub
code scanning additionally requires of an upload."""
import json
import os
import sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sarif-schema-2.1.0.json"), encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[1], encoding="utf-8") as f:
    log = json.load(f)

jsonschema.Draft4Validator.check_schema(schema)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
for e in errors:
    print("schema: %s at %s" % (e.message, "/".join(map(str, e.absolute_path))))

problems = []
if "$schema" not in log or log.get("version") != "2.1.0":
    problems.append("$schema and version 2.1.0 are required")
for run in log.get("runs", []):
    rules = run["tool"]["driver"].get("rules", [])
    for r in rules:
        for key in ("id", "name", "shortDescription", "fullDescription", "help",
                    "defaultConfiguration"):
            if key not in r:
                problems.append("rule %s lacks %s" % (r.get("id"), key))
        if not r.get("help", {}).get("text"):
            problems.append("rule %s has no help.text" % r.get("id"))
    if run.get("results") and run.get("columnKind") != "unicodeCodePoints":
        problems.append("columnKind must be unicodeCodePoints")
    for res in run.get("results", []):
        idx = res.get("ruleIndex")
        if idx is None or rules[idx]["id"] != res.get("ruleId"):
            problems.append("ruleIndex %r does not name %s" % (idx, res.get("ruleId")))
        if not res.get("message", {}).get("text"):
            problems.append("result without message.text")
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if uri.startswith("/") or uri.startswith("./") or ":" in uri.split("/")[0]:
            problems.append("uri %s is not repository-relative" % uri)
        reg = loc["region"]
        if reg["startLine"] < 1 or reg.get("startColumn", 1) < 1:
            problems.append("bad region %r" % reg)
        if "primaryLocationLineHash" not in res.get("partialFingerprints", {}):
            problems.append("result without partialFingerprints.primaryLocationLineHash")
for p in problems:
    print("github:", p)
sys.exit(1 if errors or problems else 0)
