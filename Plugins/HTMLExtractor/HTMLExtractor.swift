import CLibXML2
import PalimpsestCore

/// Reads HTML pages through libxml2's HTML parser: one document per page, one passage per block,
/// provenance from the page's metadata.
///
/// Passages follow the block structure (headings, paragraphs, list items, table cells, captions,
/// block quotes, preformatted text); `<br>` breaks a block into lines, which the boilerplate rules
/// judge one by one. Script, style, template, form controls and embedded objects are dropped. Every
/// passage keeps hints for the boilerplate classifier: its element path, the class, id and role
/// words around it, and its link density. Metadata: see ``PageMetadata``. The character set comes
/// from the page (`<meta charset>` or a byte-order mark), as libxml2 reads it; UTF-8 otherwise.
public struct HTMLExtractor: Extractor {
    /// `html`, with this plugin's version.
    public let stamp = PluginStamp(name: "html", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "HTML pages through libxml2: block passages, structure hints, metadata (Open Graph, JSON-LD)"
    /// `.html`, `.htm`, `.xhtml`.
    public let fileExtensions = ["html", "htm", "xhtml"]

    /// Creates the extractor.
    public init() {}

    /// A doctype or an `<html>`, `<head>` or `<body>` tag near the start.
    public func sniff(_ prefix: [UInt8]) -> Bool {
        let head = String(decoding: prefix.prefix(1024), as: UTF8.self).lowercased()
        return head.contains("<!doctype html") || head.contains("<html") || head.contains("<head") || head.contains("<body")
    }

    /// Emits one document, or a problem when the page has no text.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let parsed = input.bytes.withUnsafeBufferPointer { bytes in
            bytes.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    htmlReadMemory($0, Int32(clamping: bytes.count), input.location, nil, options)
                }
            }
        }
        guard let page = parsed, let root = xmlDocGetRootElement(page) else {
            if let parsed { xmlFreeDoc(parsed) }
            try emit(.problem(InputProblem(location: input.location, message: "not readable as HTML (libxml2 found no document)")))
            return
        }
        defer { xmlFreeDoc(page) }

        var walker = BlockWalker()
        walker.walk(root)
        var builder = DocumentBuilder()
        for block in walker.blocks {
            builder.append(block.text, role: block.role, hints: block.hints)
        }
        guard !builder.isEmpty else {
            try emit(.problem(InputProblem(location: input.location, message: "no text in this page; nothing to analyse")))
            return
        }
        var source = SourceRecord(location: input.location, extractor: stamp, rawContentID: input.rawContentID)
        let metadata = PageMetadata(root: root)
        source.fill(from: metadata.fields)
        try emit(.document(builder.build(id: input.documentID, source: source)))
    }
}

// MARK: - libxml2 helpers

/// The element's name, lower-cased; nil for other nodes.
func elementName(_ node: xmlNodePtr) -> String? {
    guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
    return String(cString: name).lowercased()
}

/// An attribute's value, or nil.
func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
    guard let value = xmlGetProp(node, name) else { return nil }
    defer { palimpsest_xmlFree(value) }
    return String(cString: value)
}

/// The concatenated text of a node and its descendants.
func textContent(_ node: xmlNodePtr) -> String {
    guard let content = xmlNodeGetContent(node) else { return "" }
    defer { palimpsest_xmlFree(content) }
    return String(cString: content)
}

/// The element children of a node, in order.
func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
    var result: [xmlNodePtr] = []
    var child = node.pointee.children
    while let current = child {
        result.append(current)
        child = current.pointee.next
    }
    return result
}
