/// Disjoint sets of documents (Tarjan 1975), where a set's root is always its lowest index: the
/// document read first, so a cluster's label does not depend on the order links were found in.
/// Inlinable: `dedup` calls it once per verified pair, from another module.
package struct UnionFind: Sendable {
    @usableFromInline var parent: [UInt32]

    /// `count` documents, each alone.
    package init(count: Int) { parent = (0..<UInt32(count)).map { $0 } }

    /// The number of documents.
    @inlinable package var count: Int { parent.count }

    /// The root of `element`'s set, halving the path on the way.
    @inlinable package mutating func find(_ element: UInt32) -> UInt32 {
        var node = element
        while parent[Int(node)] != node {
            let grandparent = parent[Int(parent[Int(node)])]
            parent[Int(node)] = grandparent
            node = grandparent
        }
        return node
    }

    /// Joins the sets of `a` and `b`; false when they were already one.
    @discardableResult @inlinable
    package mutating func union(_ a: UInt32, _ b: UInt32) -> Bool {
        let rootA = find(a), rootB = find(b)
        guard rootA != rootB else { return false }
        if rootA < rootB { parent[Int(rootB)] = rootA } else { parent[Int(rootA)] = rootB }
        return true
    }
}
