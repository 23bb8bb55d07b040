#!/usr/bin/env python3
"""Writes a large WARC.gz for checking that Palimpsest streams crawls in bounded memory.

usage: make_large_warc.py OUT.warc.gz SIZE_MB

One gzip member per record, as Common Crawl ships them. Most of the bytes are incompressible
non-HTML responses (images, as in real crawls); every 50th record is an HTML article page, so the
text Palimpsest keeps stays small while the file is as large as asked.
Deterministic (fixed seed). Standard library only.
"""
import gzip
import random
import sys

out, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(2026)
words = "harbour ferry council pier fares passengers island authority repairs timber weather boats quay lighthouse".split()


def record(uri, content_type, body):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2026-03-14T10:00:00Z\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n", compresslevel=1)


written = 0
number = 0
with open(out, "wb") as handle:
    while written < size_mb << 20:
        number += 1
        if number % 50 == 0:
            paragraphs = "".join(
                "<p>" + " ".join(rng.choice(words) for _ in range(60)) + ".</p>" for _ in range(6))
            body = f"<html><head><title>Article {number}</title></head><body><article>{paragraphs}</article></body></html>".encode()
            chunk = record(f"https://crawl.example/article/{number}", b"text/html; charset=utf-8", body)
        else:
            chunk = record(f"https://crawl.example/image/{number}.jpg", b"image/jpeg", rng.randbytes(200_000))
        handle.write(chunk)
        written += len(chunk)
print(f"{out}: {written >> 20} MB, {number} records, {number // 50} HTML pages")
