#!/usr/bin/env python3
"""Start N compilers storing into one database and kill every other one
(SIGKILL) at moments spread over the first second, whatever each is doing
then (most often analysing, sometimes waiting for or holding the write
lock); then check the database.  The deterministic death inside the
transaction is VMALOCK_TEST_DIE_IN_TXN (killed-writer.test).

    kill_writers.py N DB CMD...    CMD compiles into DB; "@@" in it is 1..N

Prints labelled lines for FileCheck: the integrity check, and whether
every unit stored is whole (its count of findings is that of its links,
it has one history row, its functions are there); exits 1 if any unit is
not.  How many were killed before storing varies and is not printed.
"""
import signal
import sqlite3
import subprocess
import sys
import time


def main():
    n, path, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    procs = []
    for i in range(1, n + 1):
        argv = [a.replace("@@", str(i)) for a in cmd]
        procs.append(subprocess.Popen(argv, stderr=subprocess.DEVNULL))
    # Kill every other one, at moments spread over the first second.
    start = time.monotonic()
    for k, p in enumerate(procs):
        if k % 2:
            time.sleep(max(0, start + k * 1.0 / n - time.monotonic()))
            p.send_signal(signal.SIGKILL)
    for p in procs:
        p.wait(timeout=120)
    db = sqlite3.connect(path)
    print("integrity: " + db.execute("PRAGMA integrity_check").fetchone()[0])
    print("foreign keys: %d" % len(db.execute("PRAGMA foreign_key_check")
                                   .fetchall()))
    broken = db.execute(
        "SELECT path FROM units u WHERE nfindings <> (SELECT count(*) "
        "FROM finding_units WHERE unit_id = u.id) OR (SELECT count(*) "
        "FROM unit_runs WHERE unit_id = u.id) <> 1 OR nfunctions <> "
        "(SELECT count(*) FROM functions WHERE unit_id = u.id)").fetchall()
    print("broken units: %d" % len(broken))
    survivors = sum(1 for p in procs[::2] if p.returncode == 0)
    stored = db.execute("SELECT count(*) FROM units").fetchone()[0]
    # Every compiler not killed stored its unit.
    print("unkilled stored: %s" % ("yes" if stored >= survivors == (n + 1) // 2
                                   else "no (%d of %d)" % (stored, survivors)))
    sys.exit(1 if broken else 0)


main()
