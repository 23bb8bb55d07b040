import PalimpsestCore

/// Finds the part of a page that holds its main content — the article, post or thread the page
/// exists to show — and places every block of the page inside or outside it.
///
/// The evidence is running text: the characters of a block outside links, when at most
/// ``maximumLinkDensity`` of the block is linked and at least ``runningCharacters`` remain (the text
/// and link densities of Kohlschütter et al. 2010; jusText's length and link-density classes,
/// Pomikálek 2011). Language plays no part, so the same thresholds serve every script.
///
/// 1. **Container.** From the root, descend into the child element that holds the most running text,
///    as long as it holds at least ``descentShare`` of its parent's; stop where the text spreads over
///    several children. This is the element that gathers the page's paragraphs, as in Readability's
///    content scoring (the parent that collects its paragraphs' scores) and text-density extraction
///    (Sun et al. 2011, CETD), without any list of class names.
/// 2. **Regions inside it.** Blocks under a `<nav>` or `<footer>`, or under an element whose class,
///    id or role names a secondary region (``secondaryRegionLabels``: comment threads, related lists,
///    pop-ups, menus), below the container, lie outside: Readability drops such unlikely candidates
///    and trafilatura prunes them the same way.
/// 3. **Tail.** Blocks after the container's last block of running text lie outside: share bars,
///    tag lists and "read more" headings end articles.
/// 4. **Lead.** Blocks of running text just before the container, up to ``leadLevels`` elements
///    above it, lie inside: a standfirst often sits in the article's header, beside the body element.
///
/// A block inside reports only its own region's element path and label words (below the container,
/// or none for a lead), since the elements above the container describe the page. A page with less
/// than ``pageRunningCharacters`` of running text (a link list, a product grid, a bare form) gets no
/// placement at all, and the single-page rules judge it as before.
///
/// Measured on the WCXB development subset (450 pages), trafilatura's evaluation set (990 pages) and
/// CleanPortalEval (71 pages); the thresholds sit in a flat stretch of those measurements.
struct MainContentLocator {
    /// A block's place relative to the main content.
    enum Place: Equatable {
        /// Outside the main content.
        case outside
        /// Inside it; the block's own region is its ancestors after the first `regionDepth`.
        case inside(regionDepth: Int)
    }

    /// A block with more of its characters in links than this holds no running text (jusText's
    /// `max_link_density` is 0.2 for paragraphs it keeps; 0.3 also keeps paragraphs with a few links).
    static let maximumLinkDensity = 0.3
    /// The fewest characters outside links for a block to count as running text: about a sentence.
    static let runningCharacters = 50
    /// Pages with less running text than this have no main content to locate: about three sentences.
    static let pageRunningCharacters = 300
    /// The share of its parent's running text a child must hold for the descent to enter it.
    static let descentShare = 0.7
    /// The fewest characters outside links for a block before the container to count as its lead.
    static let leadCharacters = 100
    /// How far above the container a lead may stand: the article element and its header.
    static let leadLevels = 2
    /// Elements that are never main content, even inside it.
    static let secondaryRegionElements: Set<String> = ["nav", "footer"]
    /// Class, id and role words of secondary regions inside the main content. The singular `comment`
    /// is left out: forum software labels every post so.
    static let secondaryRegionLabels: Set<String> = [
        "comments", "disqus", "respond", "related", "modal", "popup", "dialog", "footer", "navigation", "menu",
    ]

    private let blocks: [HTMLBlock]
    private let elements: [HTMLBlockWalker.Element]
    private let anchors: [HTMLBlockWalker.Anchor]

    /// A locator over what `walker` saw of a whole page.
    init(walker: HTMLBlockWalker) {
        blocks = walker.blocks
        elements = walker.elements
        anchors = walker.anchors
    }

    /// The walker's blocks with their place in their hints: `mainContent` set, and for blocks
    /// inside, the path and label words of their own region only; as the walker cut them when the
    /// page has no main content to locate.
    func placedBlocks() -> [HTMLBlock] {
        guard let places = places() else { return blocks }
        return blocks.indices.map { index in
            var block = blocks[index]
            switch places[index] {
            case .outside:
                block.hints.mainContent = .outside
            case .inside(let regionDepth):
                let region = anchors[index].ancestors.dropFirst(regionDepth)
                block.hints.mainContent = .inside
                block.hints.path = region.map { elements[$0].name }
                block.hints.labelWords = Array(Set(region.flatMap { elements[$0].labelWords })).sorted()
            }
            return block
        }
    }

    /// Every block's place, in order; nil when the page has too little running text, or none left
    /// inside the container once its secondary regions are set apart.
    /// - Complexity: O(*b* × *d* + *e*) for *b* blocks *d* elements deep among *e* elements.
    func places() -> [Place]? {
        guard !elements.isEmpty else { return nil }
        let running = anchors.map { Self.runningText(of: $0, atLeast: Self.runningCharacters) }
        guard running.reduce(0, +) >= Self.pageRunningCharacters else { return nil }
        var held = [Int](repeating: 0, count: elements.count)
        for (anchor, characters) in zip(anchors, running) where characters > 0 {
            for element in anchor.ancestors { held[element] += characters }
        }
        let container = descend(held: held)

        var places: [Place] = anchors.map { anchor in
            guard let depth = anchor.ancestors.firstIndex(of: container) else { return .outside }
            let region = anchor.ancestors[(depth + 1)...]
            return region.contains(where: { isSecondaryRegion($0) }) ? .outside : .inside(regionDepth: depth + 1)
        }
        let inside = places.indices.filter { places[$0] != .outside }
        guard let lastRunning = inside.last(where: { running[$0] > 0 }) else { return nil }
        for index in inside where index > lastRunning { places[index] = .outside }
        placeLead(before: inside[0], container: container, in: &places)
        return places
    }

    /// The element the descent stops at: from the root (the first element), into the child holding
    /// the most running text while it holds at least ``descentShare`` of its parent's.
    private func descend(held: [Int]) -> Int {
        var children = [[Int]](repeating: [], count: elements.count)
        for (index, element) in elements.enumerated() where held[index] > 0 {
            if let parent = element.parent { children[parent].append(index) }
        }
        var container = 0
        while let richest = children[container].max(by: { held[$0] < held[$1] }),
              Double(held[richest]) >= Self.descentShare * Double(held[container]) {
            container = richest
        }
        return container
    }

    /// Places inside the blocks of running text that stand just before the first block inside,
    /// within ``leadLevels`` elements above the container, each as a region of its own.
    private func placeLead(before first: Int, container: Int, in places: inout [Place]) {
        var zone = container
        for _ in 0..<Self.leadLevels {
            guard let parent = elements[zone].parent else { break }
            zone = parent
        }
        var index = first - 1
        while index >= 0, anchors[index].ancestors.contains(zone) {
            if Self.runningText(of: anchors[index], atLeast: Self.leadCharacters) > 0 {
                places[index] = .inside(regionDepth: anchors[index].ancestors.count)
            }
            index -= 1
        }
    }

    /// Whether an element is a secondary region (see ``secondaryRegionElements`` and ``secondaryRegionLabels``).
    private func isSecondaryRegion(_ element: Int) -> Bool {
        Self.secondaryRegionElements.contains(elements[element].name)
            || elements[element].labelWords.contains(where: { Self.secondaryRegionLabels.contains($0) })
    }

    /// A block's characters outside links when it reads as running text with at least `least` of
    /// them, else 0.
    private static func runningText(of anchor: HTMLBlockWalker.Anchor, atLeast least: Int) -> Int {
        let unlinked = anchor.characters - anchor.linkedCharacters
        let linkDensity = anchor.characters == 0 ? 0 : Double(anchor.linkedCharacters) / Double(anchor.characters)
        return linkDensity <= maximumLinkDensity && unlinked >= least ? unlinked : 0
    }
}
