import PalimpsestCore

/// One line of annotated JSONL: a document with everything found about it (schema in the README),
/// written straight into a byte buffer.
///
/// The bytes are what Foundation's `JSONEncoder` with sorted keys and unescaped slashes writes for
/// the same record — keys in UTF-8 byte order, integral numbers without a fraction, control
/// characters as `\n`-style or `\u00XX` escapes, absent optional fields as `null` or left out as
/// the schema says — without building a tree of boxed values per document, which took a fifth of
/// a whole `scan`. A test compares the two on the samples and on hostile strings.
struct DocumentRecord {
    let document: AnalyzedDocument

    /// Appends the record (no line break) to `out`.
    func write(into out: inout JSONBytes) {
        let document = self.document
        out.object {
            $0.field("cluster") { $0.int(document.cluster) }
            $0.field("content_id") { $0.string(document.contentID.description) }
            $0.field("id") { $0.string(document.document.id) }
            $0.field("origin") { $0.string(document.origin) }
            $0.field("partial_repost_of") { out in
                out.array(document.partialRepostOf) { out, partial in
                    out.object {
                        $0.field("id") { $0.string(partial.id) }
                        $0.field("share") { $0.double(partial.share.rounded(toPlaces: 4)) }
                        $0.field("spans") { $0.array(partial.spans) { $0.span($1) } }
                    }
                }
            }
            $0.field("passages") { $0.array(document.passages) { $0.passage($1) } }
            $0.field("repost_of") { out in
                guard let repost = document.repostOf else { return out.null() }
                out.object {
                    $0.field("containment") { $0.double(repost.containment.rounded(toPlaces: 4)) }
                    $0.field("id") { $0.string(repost.id) }
                    $0.field("simhash_distance") { $0.int(repost.simHashDistance) }
                    $0.field("similarity") { $0.double(repost.similarity.rounded(toPlaces: 4)) }
                }
            }
            $0.field("simhash") { $0.string(String(document.simHash, radix: 16).leftPadded(to: 16)) }
            $0.field("source") { $0.source(document.document.source) }
            $0.field("text") { $0.string(document.document.text) }
        }
    }
}

extension JSONBytes {
    fileprivate mutating func source(_ source: SourceRecord) {
        object {
            $0.field("author") { $0.string(source.author) }
            $0.field("extractor") { out in
                out.object {
                    $0.field("name") { $0.string(source.extractor.name) }
                    $0.field("version") { $0.string(source.extractor.version) }
                }
            }
            $0.field("location") { $0.string(source.location) }
            $0.field("metadata") { out in
                out.object {
                    for key in source.metadata.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                        $0.field(key) { $0.string(source.metadata[key]!) }
                    }
                }
            }
            $0.field("published") { $0.string(source.published.map(DateParsing.format)) }
            $0.field("publisher") { $0.string(source.publisher) }
            $0.field("raw_content_id") { $0.string(source.rawContentID?.description) }
            $0.field("retrieved") { $0.string(source.retrieved.map(DateParsing.format)) }
            $0.field("site") { $0.string(source.site) }
            $0.field("title") { $0.string(source.title) }
            $0.field("url") { $0.string(source.url) }
        }
    }

    fileprivate mutating func passage(_ passage: AnalyzedPassage) {
        object {
            $0.field("content_id") { $0.string(passage.contentID.description) }
            if !passage.copiedSpans.isEmpty {
                $0.field("copied_spans") { $0.array(passage.copiedSpans) { $0.span($1) } }
            }
            $0.field("end") { $0.int(passage.passage.range.upperBound) }
            if let evidence = passage.evidence { $0.field("evidence") { $0.string(evidence) } }
            $0.field("index") { $0.int(passage.passage.index) }
            $0.field("kind") { $0.string(passage.kind.rawValue) }
            if let of = passage.of {
                $0.field("of") { out in
                    out.object {
                        $0.field("document") { $0.string(of.document) }
                        $0.field("passage") { $0.int(of.passage) }
                    }
                }
            }
            $0.field("role") { $0.string(passage.passage.role.rawValue) }
            if let rule = passage.rule { $0.field("rule") { $0.string(rule) } }
            if let score = passage.score { $0.field("score") { $0.double(score.rounded(toPlaces: 4)) } }
            $0.field("start") { $0.int(passage.passage.range.lowerBound) }
        }
    }

    fileprivate mutating func span(_ span: CopiedSpan) {
        object {
            $0.field("end") { $0.int(span.range.upperBound) }
            $0.field("of") { out in
                out.object {
                    $0.field("document") { $0.string(span.source.document) }
                    $0.field("end") { $0.int(span.sourceRange.upperBound) }
                    $0.field("passage") { $0.int(span.source.passage) }
                    $0.field("start") { $0.int(span.sourceRange.lowerBound) }
                }
            }
            $0.field("start") { $0.int(span.range.lowerBound) }
        }
    }
}

/// JSON written into a byte buffer, value by value. The caller writes an object's fields in the
/// order their keys sort.
struct JSONBytes {
    /// The bytes written so far.
    var bytes: [UInt8] = []
    /// Whether the next field of the innermost object needs a comma before it.
    private var needsComma = false

    /// `{`, the fields `body` writes, `}`.
    mutating func object(_ body: (inout JSONBytes) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// `"key":` and the value `value` writes.
    mutating func field(_ key: String, _ value: (inout JSONBytes) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        value(&self)
        needsComma = true
    }

    /// `[`, each element as `element` writes it, `]`.
    mutating func array<Element>(_ elements: [Element], _ element: (inout JSONBytes, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (position, item) in elements.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// A number as `JSONEncoder` writes it: integral values without a fraction, others in Swift's
    /// shortest round-tripping form.
    mutating func double(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            if value == 0, value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
            int(Int(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// A string, or `null` for nil: `"` and `\` escaped, control characters as `\b`, `\f`, `\n`,
    /// `\r`, `\t` or `\u00XX`, everything else as it is.
    mutating func string(_ value: String?) {
        guard let value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied whole.
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
