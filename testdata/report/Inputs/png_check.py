"""Check that a PNG is a plausible screenshot: a valid PNG (signature,
IHDR, CRCs, zlib data of the right size) of at least MIN_W x MIN_H
pixels, not blank: many distinct colours, some dark (text) and most
light (the page).  Uses only the standard library.

usage: png_check.py FILE MIN_W MIN_H
Prints "png WxH nonblank"; exits 1 with a message otherwise.
"""
import struct
import sys
import zlib


def fail(msg):
    print("png_check: " + msg, file=sys.stderr)
    sys.exit(1)


def rows(width, height, bpp, data):
    """Undo the PNG filters; yields each row's bytes."""
    stride = width * bpp
    prev = bytearray(stride)
    pos = 0
    for _ in range(height):
        ftype = data[pos]
        row = bytearray(data[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                row[i] = (row[i] + a) & 0xff
            elif ftype == 2:
                row[i] = (row[i] + b) & 0xff
            elif ftype == 3:
                row[i] = (row[i] + (a + b) // 2) & 0xff
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + pred) & 0xff
            elif ftype != 0:
                fail("bad filter type %d" % ftype)
        prev = row
        yield row


def main():
    blob = open(sys.argv[1], "rb").read()
    min_w, min_h = int(sys.argv[2]), int(sys.argv[3])
    if blob[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(blob):
        (length,) = struct.unpack(">I", blob[pos:pos + 4])
        ctype = blob[pos + 4:pos + 8]
        body = blob[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", blob[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(ctype + body) != crc:
            fail("bad CRC in %r" % ctype)
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat += body
        pos += 12 + length
    if not ihdr:
        fail("no IHDR")
    width, height, depth, colour = ihdr[:4]
    if depth != 8 or colour not in (2, 6):
        fail("unexpected format depth=%d colour=%d" % (depth, colour))
    if width < min_w or height < min_h:
        fail("too small: %dx%d" % (width, height))
    bpp = 3 if colour == 2 else 4
    data = zlib.decompress(idat)
    if len(data) != height * (1 + width * bpp):
        fail("wrong amount of pixel data")
    colours, dark, light, total = set(), 0, 0, 0
    for y, row in enumerate(rows(width, height, bpp, data)):
        for x in range(0, width * bpp, bpp * 3):
            r, g, b = row[x], row[x + 1], row[x + 2]
            colours.add((r, g, b))
            lum = (r * 3 + g * 6 + b) // 10
            dark += lum < 100
            light += lum > 200
            total += 1
    if len(colours) < 20 or dark < total // 1000 or light < total // 2:
        fail("looks blank: %d colours, %d dark, %d light of %d"
             % (len(colours), dark, light, total))
    print("png %dx%d nonblank" % (width, height))


main()
