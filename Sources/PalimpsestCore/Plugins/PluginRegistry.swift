/// Finds extractors and exporters by name, by file extension and by sniffing an input's first bytes.
///
/// A registry is a value: tests and embedders build their own instead of mutating a global one.
/// The library face (`Palimpsest.PluginRegistry.builtin`) provides one with the built-in plugins.
public struct PluginRegistry: Sendable {
    /// Registered extractors, in registration order (the order sniffing tries them).
    public private(set) var extractors: [any Extractor] = []
    /// Registered exporters, in registration order.
    public private(set) var exporters: [any Exporter] = []

    /// An empty registry.
    public init() {}

    /// Adds an extractor.
    /// - Throws: ``PluginRegistryError/duplicateName(_:)`` when one of that name is registered.
    public mutating func register(_ extractor: any Extractor) throws(PluginRegistryError) {
        guard self.extractor(named: extractor.stamp.name) == nil else { throw .duplicateName(extractor.stamp.name) }
        extractors.append(extractor)
    }

    /// Adds an exporter.
    /// - Throws: ``PluginRegistryError/duplicateName(_:)`` when one of that name is registered.
    public mutating func register(_ exporter: any Exporter) throws(PluginRegistryError) {
        guard self.exporter(named: exporter.stamp.name) == nil else { throw .duplicateName(exporter.stamp.name) }
        exporters.append(exporter)
    }

    /// Puts `extractor` in the place of the registered extractor of the same name (a reconfigured
    /// built-in, say), or adds it when there is none.
    public mutating func replace(_ extractor: any Extractor) {
        if let index = extractors.firstIndex(where: { Self.sameName($0.stamp, extractor.stamp.name) }) {
            extractors[index] = extractor
        } else {
            extractors.append(extractor)
        }
    }

    /// The extractor registered as `name` (case-insensitive).
    public func extractor(named name: String) -> (any Extractor)? {
        extractors.first { Self.sameName($0.stamp, name) }
    }

    /// The exporter registered as `name` (case-insensitive).
    public func exporter(named name: String) -> (any Exporter)? {
        exporters.first { Self.sameName($0.stamp, name) }
    }

    /// Plugin names match without regard to case.
    private static func sameName(_ stamp: PluginStamp, _ name: String) -> Bool {
        stamp.name.lowercased() == name.lowercased()
    }

    /// The extractor claiming a path's extension (`a/b.md` → the one claiming `md`).
    public func extractor(forPath path: String) -> (any Extractor)? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let fileExtension = path[path.index(after: dot)...].lowercased()
        return extractors.first { $0.fileExtensions.contains(fileExtension) }
    }

    /// The first extractor whose ``Extractor/sniff(_:)`` accepts these leading bytes.
    public func extractor(sniffing prefix: [UInt8]) -> (any Extractor)? {
        extractors.first { $0.sniff(prefix) }
    }
}

/// Why a plugin could not be registered.
public enum PluginRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A plugin of this name is already registered.
    case duplicateName(String)

    /// A message naming the clash.
    public var description: String {
        switch self {
        case .duplicateName(let name): "a plugin named '\(name)' is already registered; choose another name"
        }
    }
}
