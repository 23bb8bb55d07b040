import CLibXML2

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
