"""Reads a PROV-JSON file with the W3C-conformant `prov` package, re-serialises it, reads that back,
and prints the number of records of each type. Exits non-zero when the file is not valid PROV-JSON
or does not survive the round trip. Used by the PROV export test."""
import json
import sys

from prov.model import ProvDocument

document = ProvDocument.deserialize(source=sys.argv[1], format="json")
round_trip = ProvDocument.deserialize(content=document.serialize(format="json"), format="json")
if document != round_trip:
    sys.exit("the re-serialised document differs from the original")
document.get_provn()  # PROV-N rendering must succeed too
counts = {}
for record in document.get_records():
    counts[type(record).__name__] = counts.get(type(record).__name__, 0) + 1
print(json.dumps(counts, sort_keys=True))
