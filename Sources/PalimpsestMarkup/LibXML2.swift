import CLibXML2
import PalimpsestCore

// Small helpers over libxml2's tree, shared by the HTML and feed readers.

/// The element's local name, lower-cased; nil for other nodes.
func elementName(_ node: xmlNodePtr) -> String? {
    guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
    return String(cString: name).lowercased()
}

/// The element's namespace prefix (`content` in `content:encoded`), lower-cased, or nil.
func namespacePrefix(_ node: xmlNodePtr) -> String? {
    guard let namespace = node.pointee.ns, let prefix = namespace.pointee.prefix else { return nil }
    return String(cString: prefix).lowercased()
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

/// Hands `bytes` to a libxml2 reader as a C buffer and its length; nil for empty input.
func withCBuffer<Result>(_ bytes: [UInt8], _ read: (UnsafePointer<CChar>, Int32) -> Result?) -> Result? {
    bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.flatMap { base in
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { read($0, Int32(clamping: buffer.count)) }
        }
    }
}

/// The children of a node, in order.
func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
    var result: [xmlNodePtr] = []
    var child = node.pointee.children
    while let current = child {
        result.append(current)
        child = current.pointee.next
    }
    return result
}

/// Why a page or feed was refused, or read only in part: past a limit, libxml2 stops reading.
public enum MarkupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Elements nest more than `limit` deep, first at `line`.
    case tooDeep(limit: Int, line: Int)
    /// Entities expand past libxml2's amplification guard (a "billion laughs" bomb), at `line`.
    case entityExpansion(line: Int)
    /// An element has more than `limit` attributes; its tag starts at byte offset `byte` (from 0),
    /// on `line`. libxml2 compares every attribute with every other, so the input is not handed to it.
    case tooManyAttributes(limit: Int, line: Int, byte: Int)

    /// The input line the error refers to.
    public var line: Int {
        switch self {
        case .tooDeep(_, let line), .entityExpansion(let line), .tooManyAttributes(_, let line, _): line
        }
    }

    /// Where in the input the error stands, for an ``InputProblem``: the tag's byte offset when it
    /// is known, else the line.
    public var position: InputProblem.Position {
        switch self {
        case .tooManyAttributes(_, _, let byte): .byte(byte)
        case .tooDeep, .entityExpansion: .line(line)
        }
    }

    /// What happened and which limit it was.
    public var description: String {
        switch self {
        case .tooDeep(let limit, _): "elements nest more than \(limit) deep (limit: --max-html-depth)"
        case .entityExpansion: "entities expand beyond libxml2's limits, as an entity-expansion bomb does; reading stopped there"
        case .tooManyAttributes(let limit, _, let byte):
            "the element whose tag starts at byte \(byte) has more than \(limit) attributes; libxml2's time grows with the square of their number, so the markup is not read"
        }
    }
}

/// Runs one libxml2 read and says whether libxml2 stopped at one of its limits: it halts, rather
/// than fails, on excessive depth and entity amplification, and recovery mode would otherwise hide
/// that the rest of the input was never read (libxml2's own printing of errors to standard error is
/// turned off). The verdict comes from libxml2's last error on this thread (recorded even when
/// reporting is off), cleared before the read. Inputs reach libxml2 as valid UTF-8 (see
/// `CharsetDecoding`), so it never stops at a failed conversion.
/// - Returns: the document (nil when none), and the limit it stopped at, if it did.
func readNotingLimits(_ read: () -> xmlDocPtr?) -> (document: xmlDocPtr?, stopped: MarkupError?) {
    palimpsest_xmlBeginRead()
    xmlResetLastError()
    let document = read()
    guard let error = xmlGetLastError() else { return (document, nil) }
    let line = Int(error.pointee.line)
    let message = error.pointee.message.map { String(cString: $0) } ?? ""
    if message.contains("Excessive depth") { return (document, .tooDeep(limit: InputLimits.libxml2Depth, line: line)) }
    // libxml2 2.9 reports amplification as an entity loop; later releases word it as amplification.
    if error.pointee.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || message.contains("mplification") { return (document, .entityExpansion(line: line)) }
    return (document, nil)
}

/// The first element nested deeper than `limit` below `root` (root's depth is 1): its line, or nil.
/// Iterative, so no nesting can exhaust the stack.
func firstElementDeeper(than limit: Int, below root: xmlNodePtr) -> Int? {
    var node: xmlNodePtr? = root
    var depth = 1
    while let current = node {
        if current.pointee.type == XML_ELEMENT_NODE, depth > limit { return Int(xmlGetLineNo(current)) }
        if let child = current.pointee.children, current.pointee.type == XML_ELEMENT_NODE {
            node = child
            depth += 1
            continue
        }
        var climbing: xmlNodePtr? = current
        while let at = climbing, at != root, at.pointee.next == nil {
            climbing = at.pointee.parent
            depth -= 1
        }
        guard let at = climbing, at != root else { return nil }
        node = at.pointee.next
    }
    return nil
}
