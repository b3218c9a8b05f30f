#!/usr/bin/env python3
"""Store findings of a source file whose name is hostile text, then
check that every report carries the name exactly, escaped for its
format, and that the database holds it byte for byte.

    hostile_name.py DIR VMALOCK CLANG ARG...   (CLANG ARG... compiles)

Prints one labelled line per check for FileCheck; exits 1 on the first
failure, naming it.
"""
import html.parser
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse

# Quotes of both kinds, markup (no '/': a file name), an SQL injection
# attempt, spaces, '&'.
NAME = "q'\"<script>alert(1)<img src=x onerror=alert(2)>&'); DROP TABLE findings; --.c"


def fail(msg):
    print("hostile_name: " + msg, file=sys.stderr)
    sys.exit(1)


def report(vmalock, fmt, db):
    return subprocess.run([vmalock, "report", "--no-link", "--format", fmt,
                           db], check=True, stdout=subprocess.PIPE,
                          text=True).stdout


class Page(html.parser.HTMLParser):
    """The text of a page and the elements and attributes in it."""

    def __init__(self):
        super().__init__()
        self.text, self.tags, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def main():
    out, vmalock, compile_cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    src = os.path.join(out, NAME)
    shutil.copy(os.path.join(os.path.dirname(__file__), "locks.c"), src)
    db = os.path.join(out, "v.db")
    subprocess.run(compile_cmd + ["-fplugin-arg-vmalock-root=" + out,
                                  "-fplugin-arg-vmalock-db=" + db, src],
                   check=True, stderr=subprocess.DEVNULL)

    # Bound parameters: the name is data, stored as it is; no statement
    # in it ran.
    con = sqlite3.connect(db)
    files = {r[0] for r in con.execute("SELECT file FROM findings")}
    units = [r[0] for r in con.execute("SELECT path FROM units")]
    con.close()
    if files != {NAME} or units != [NAME]:
        fail("database holds %r %r" % (files, units))
    print("db: name stored exactly")

    text = report(vmalock, "text", db)
    if not text.startswith(NAME + ":"):
        fail("text report: " + text[:200])
    print("text: name as it is")

    findings = json.loads(report(vmalock, "json", db))
    if not findings or any(f["file"] != NAME for f in findings):
        fail("json report: %r" % findings[:1])
    print("json: %d findings, name exact" % len(findings))

    sarif = json.loads(report(vmalock, "sarif", db))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for res in sarif["runs"][0]["results"]
            for loc in res["locations"]}
    if len(uris) != 1:
        fail("sarif uris: %r" % uris)
    uri = uris.pop()
    if urllib.parse.unquote(uri) != NAME or any(c in uri for c in "'\"<> "):
        fail("sarif uri: " + uri)
    print("sarif: uri " + uri)

    page = report(vmalock, "html", db)
    if "<script>alert" in page or NAME in page:
        fail("html: the name got through unescaped")
    p = Page()
    p.feed(page)
    if not any(NAME + ":" in t for t in p.text):
        fail("html: the name is not in the page's text")
    # Nothing to fetch: no attribute names a resource elsewhere.
    remote = [v for _, v in p.attrs
              if v and (v.startswith(("http:", "https:", "//", "file:")))]
    if remote or "@import" in page or "url(" in page:
        fail("html: external resource %r" % remote)
    print("html: name escaped, %d scripts, nothing external"
          % p.tags.count("script"))


main()
