#!/usr/bin/env python3
"""Corrupt a copy of an sqlite database in place, deterministically.

    corrupt.py FILE pages     every b-tree page but the first gets an
                              invalid page type (byte 0 = 0xff)
    corrupt.py FILE truncate  cut the file in the middle of its pages
"""
import os
import sys

path, how = sys.argv[1], sys.argv[2]
with open(path, "r+b") as f:
    header = f.read(100)
    page_size = int.from_bytes(header[16:18], "big")
    if page_size == 1:
        page_size = 65536
    size = os.path.getsize(path)
    if how == "pages":
        for offset in range(page_size, size, page_size):
            f.seek(offset)
            f.write(b"\xff")
    elif how == "truncate":
        f.truncate(size // 2 + page_size // 3)
    else:
        sys.exit("corrupt.py: unknown way " + how)
