#!/usr/bin/env python3
"""A Palimpsest extractor written in Python: WebVTT subtitles (.vtt), one passage per cue.

It speaks Palimpsest's external-plugin protocol (see the README, "Plugins in any language"):
  webvtt_extractor.py --describe   prints one JSON line naming the plugin;
  webvtt_extractor.py              reads one request line on stdin and writes one response line.
Only the standard library is used.
"""
import base64
import json
import sys


def describe():
    return {"protocol": 1, "kind": "extractor", "name": "webvtt", "version": "1.0.0",
            "extensions": ["vtt"], "summary": "WebVTT subtitles, one passage per cue (Python, external)"}


def extract(request):
    text = base64.b64decode(request["content_base64"]).decode("utf-8", errors="replace")
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    if not blocks or not blocks[0].startswith("WEBVTT"):
        return {"documents": [], "problems": [{"message": "not a WebVTT file (no WEBVTT header)", "line": 1}]}
    passages = []
    for block in blocks[1:]:
        lines = [line for line in block.split("\n") if line.strip()]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue  # a NOTE or STYLE block
        cue = " ".join(lines[timing + 1:]).strip()
        if cue:
            passages.append({"text": cue, "role": "line"})
    if not passages:
        return {"documents": [], "problems": [{"message": "no cues with text"}]}
    return {"documents": [{"id": request["id"], "passages": passages, "metadata": {"cues": str(len(passages))}}], "problems": []}


if __name__ == "__main__":
    if "--describe" in sys.argv:
        print(json.dumps(describe()))
    else:
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(extract(json.loads(line))), flush=True)
