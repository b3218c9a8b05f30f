#!/usr/bin/env python3
"""Hold a transaction on a vmalock database while a writer runs.

    hold-lock.py DB read  CMD...   a read transaction (a long report)
    hold-lock.py DB write SECONDS CMD...   the write lock for SECONDS

read: takes a snapshot, runs CMD to its end while the snapshot is held,
then reads again in the same transaction and after it.  write: takes the
write lock (BEGIN IMMEDIATE), starts CMD, and after SECONDS says whether
CMD is still waiting, then commits and waits for CMD.  Prints labelled
lines for FileCheck; the exit status of CMD is printed, not returned.
"""
import sqlite3
import subprocess
import sys
import time


def units(db):
    return db.execute("SELECT count(*) FROM units").fetchone()[0]


def main():
    path, mode = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    if mode == "read":
        cmd = sys.argv[3:]
        db.execute("BEGIN")
        print("snapshot units=%d" % units(db))
        rc = subprocess.run(cmd, timeout=60).returncode
        print("writer exit=%d" % rc)
        print("same snapshot units=%d" % units(db))
        db.execute("COMMIT")
        print("after units=%d" % units(db))
    elif mode == "write":
        seconds, cmd = float(sys.argv[3]), sys.argv[4:]
        db.execute("BEGIN IMMEDIATE")
        writer = subprocess.Popen(cmd)
        time.sleep(seconds)
        print("writer waiting=%s" % ("yes" if writer.poll() is None
                                     else "no"))
        db.execute("COMMIT")
        print("writer exit=%d" % writer.wait(timeout=60))
        print("after units=%d" % units(db))
    else:
        sys.exit("hold-lock.py: unknown mode " + mode)
    db.close()


main()
