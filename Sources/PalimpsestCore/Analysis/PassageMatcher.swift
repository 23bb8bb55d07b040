import Dispatch

/// Finds passages that repeat other passages: exact and near duplicates, teasers, and shared runs.
///
/// Candidates come from three indexes over the eligible (non-boilerplate) passages: the exact key
/// (all token hashes), which gathers copies of one paragraph into a class compared as one;
/// winnowing fingerprints of each class's representative (Schleimer et al. 2003: every shared run
/// of `winnowWindow + shingleSize − 1` tokens is seen); and the first shingle (teasers start where
/// their passage starts). Each candidate pair is then verified on its real shingles, which also
/// locates the shared runs token by token. The work grows with the number of distinct paragraphs
/// and the pairs that share text, not with the square of a cluster's size or of a common phrase's
/// frequency.
struct PassageMatcher: Sendable {
    let settings: AnalysisSettings

    /// One passage repeating another.
    struct Relation: Sendable {
        enum Kind: Sendable {
            /// The same words after normalisation.
            case exact
            /// Nearly all words of both passages in shared shingles.
            case near
            /// Nearly all of the copy from the source, which is cut shorter by a sentence or more.
            case trimmed
            /// A cut-off repeat of the source's start.
            case teaser
        }
        /// The passage that repeats.
        var copy: PassageKey
        /// The passage repeated.
        var source: PassageKey
        var kind: Kind
        /// Similarity or coverage, 0...1.
        var score: Double
        var evidence: String
    }

    /// A run of tokens two passages share.
    struct SharedRun: Sendable {
        var copy: PassageKey
        var source: PassageKey
        var copyTokens: Range<Int>
        var sourceTokens: Range<Int>
    }

    /// What the matcher found.
    struct Matches: Sendable {
        var relations: [Relation] = []
        var runs: [SharedRun] = []
    }

    /// Postings longer than this are skipped: a fingerprint on that many passage classes is furniture.
    static let longestPosting = 64

    /// Distinct winnowing fingerprints from which a passage counts as long: two long passages are
    /// compared only when they share two fingerprints (see ``match(_:eligible:precedes:)``).
    static let fingerprintsOfALongPassage = 8

    /// Eligible passages with the same words after normalisation, gathered once: the copies of one
    /// paragraph across a cluster of reposts are fingerprinted, paired and verified as one, so the
    /// work grows with the number of distinct paragraphs, not with the square of a cluster's size.
    private struct ExactClasses {
        /// The members of every class, class by class, each class earliest first in origin order;
        /// a class's first member is its *representative*, whose shingles stand for all of them.
        var members: [PassageKey] = []
        /// Where each class starts in ``members``, and one more entry for the end.
        var starts: [Int] = [0]

        var count: Int { starts.count - 1 }
        func members(of number: Int) -> ArraySlice<PassageKey> { members[starts[number]..<starts[number + 1]] }
        func representative(of number: Int) -> PassageKey { members[starts[number]] }
        /// The class's latest member.
        func last(of number: Int) -> PassageKey { members[starts[number + 1] - 1] }

        /// Gathers the classes from `postings` (one per eligible passage, by exact key). Passages
        /// whose keys collide but whose words differ form classes of their own.
        init(_ postings: inout [Posting], passages: [[PreparedPassage]], precedes: (PassageKey, PassageKey) -> Bool) {
            members.reserveCapacity(postings.count)
            Posting.forEachGroup(&postings) { group in
                var remaining = group.map(\.key).sorted(by: precedes)
                while !remaining.isEmpty {
                    let words = passages[remaining[0].document][remaining[0].passage].tokens.hashes
                    var others: [PassageKey] = []
                    for key in remaining {
                        if passages[key.document][key.passage].tokens.hashes == words { members.append(key) } else { others.append(key) }
                    }
                    starts.append(members.count)
                    remaining = others
                }
            }
        }
    }

    /// Teasers among eligible passages, from first-shingle candidates: a teaser copies a passage of
    /// its own page or of an earlier one. The only step that reads words (a cut-off last word), so
    /// the words can be let go before ``match(_:eligible:precedes:teasers:)`` and its peak.
    /// - Parameters:
    ///   - passages: prepared passages by document, then passage index, with their words.
    ///   - eligible: whether each passage takes part (boilerplate does not).
    ///   - precedes: the origin order of passages (earlier first).
    func teasers(_ passages: [[PreparedPassage]], eligible: (PassageKey) -> Bool, precedes: (PassageKey, PassageKey) -> Bool) -> [Relation] {
        // Every index is a flat array sorted by hash: a dictionary of arrays would cost an array per
        // distinct key — more than a short passage itself — and groups come out in a fixed order.
        var prefixPostings: [Posting] = []
        for documentPassages in passages {
            for prepared in documentPassages where prepared.tokens.count >= settings.shingleSize {
                let key = PassageKey(document: prepared.document, passage: prepared.passage.index)
                guard eligible(key) else { continue }
                prefixPostings.append(Posting(hash: prepared.shingles[0], key: key))
            }
        }
        var teasers: [Relation] = []
        Posting.forEachGroup(&prefixPostings) { group in
            guard group.count > 1 && group.count <= Self.longestPosting else { return }
            let posting = group.map(\.key)
            for candidate in posting {
                for full in posting where full != candidate && (full.document == candidate.document || precedes(full, candidate)) {
                    if let relation = teaser(candidate, of: full, passages: passages, eligible: eligible) {
                        teasers.append(relation)
                    }
                }
            }
        }
        return teasers
    }

    /// Matches eligible passages.
    /// - Parameters:
    ///   - passages: prepared passages by document, then passage index (their words are not read).
    ///   - eligible: whether each passage takes part (boilerplate does not).
    ///   - precedes: the origin order of passages (earlier first).
    ///   - teasers: the teasers among them (``teasers(_:eligible:precedes:)``), found first: the near
    ///     duplicates must not name a passage's own teaser as the text it copies.
    func match(
        _ passages: [[PreparedPassage]], eligible: (PassageKey) -> Bool, precedes: (PassageKey, PassageKey) -> Bool, teasers: [Relation]
    ) -> Matches {
        var exactPostings: [Posting] = []
        for documentPassages in passages {
            for prepared in documentPassages {
                let key = PassageKey(document: prepared.document, passage: prepared.passage.index)
                guard eligible(key), prepared.tokens.count > 0 else { continue }
                exactPostings.append(Posting(hash: prepared.exactKey, key: key))
            }
        }
        @Sendable func passage(_ key: PassageKey) -> PreparedPassage { passages[key.document][key.passage] }
        let classes = ExactClasses(&exactPostings, passages: passages, precedes: precedes)
        exactPostings = []

        var matches = Matches()
        // Exact duplicates: each later member of a class relates to the earliest.
        for number in 0..<classes.count {
            let members = classes.members(of: number)
            for key in members.dropFirst() {
                matches.relations.append(Relation(copy: key, source: members.first!, kind: .exact, score: 1, evidence: "the same words after normalisation"))
            }
        }

        var teaserSources: [PassageKey: PassageKey] = [:]  // teaser → the passage it cuts
        for relation in teasers { teaserSources[relation.copy] = relation.source }

        // Each class's place in origin order (by its representative), so pairs are ordered and
        // comparisons sorted as plain integers rather than through the order's closure: there are
        // millions at 100k documents.
        var classesInOrder = Array(0..<Int32(classes.count))
        classesInOrder.sort { precedes(classes.representative(of: Int($0)), classes.representative(of: Int($1))) }
        var placeOf = [Int32](repeating: 0, count: classes.count)
        for (place, number) in classesInOrder.enumerated() { placeOf[Int(number)] = Int32(place) }
        // Near duplicates and shared runs, from winnowing candidates among the classes' representatives.
        var candidates = candidatePairs(of: classes, passages: passages, placeOf: placeOf)
        // Each pair is compared with the later class copying the earlier, and — when a member of the
        // earlier class stands after the later's representative — the other way round as well; packed
        // as the copying class (high half) and the source's place in origin order (low half).
        var comparisons: [UInt64] = []
        comparisons.reserveCapacity(candidates.count)
        for packed in candidates {
            let earlier = Int(packed >> 32), later = Int(packed & 0xFFFF_FFFF)
            comparisons.append(UInt64(later) << 32 | UInt64(placeOf[earlier]))
            if precedes(classes.representative(of: later), classes.last(of: earlier)) { comparisons.append(UInt64(earlier) << 32 | UInt64(placeOf[later])) }
        }
        candidates = []
        placeOf = []
        @Sendable func copyClass(_ comparison: UInt64) -> Int { Int(comparison >> 32) }
        let sourceClass: @Sendable (UInt64) -> Int = { [classesInOrder] in Int(classesInOrder[Int($0 & 0xFFFF_FFFF)]) }
        // Per copying class, its sources earliest first. A copy's earliest near-duplicate source is the
        // one every member after it takes, and no member before it can take a later one, so a class
        // stops at its first near match: a swarm of k edited copies of one paragraph costs about k
        // comparisons, not k². (Unless a member of that source is a teaser of the copy, which may
        // send the copy on to a later source.)
        comparisons.sort()
        var groups: [Range<Int>] = []
        var groupStart = 0
        for index in comparisons.indices where index + 1 == comparisons.count || copyClass(comparisons[index + 1]) != copyClass(comparisons[index]) {
            groups.append(groupStart..<(index + 1))
            groupStart = index + 1
        }
        // Shingle indexes for the representatives compared only, made once each, held flat and
        // dropped after: the pairs are verified without touching a reference-counted object, so
        // cores do not contend for the counts of shared arrays.
        // The classes compared, in order, marked in one flag a class rather than listed per pair.
        var isCompared = [Bool](repeating: false, count: classes.count)
        for comparison in comparisons {
            isCompared[copyClass(comparison)] = true
            isCompared[sourceClass(comparison)] = true
        }
        let compared = isCompared.indices.filter { isCompared[$0] }
        isCompared = []
        let indexes = RepresentativeIndexes(compared.map { passage(classes.representative(of: $0)) })
        var slots = [Int32](repeating: -1, count: classes.count)
        for (slot, number) in compared.enumerated() { slots[number] = Int32(slot) }
        let slotOf = slots
        slots = []
        let keys = compared.map { classes.representative(of: $0) }
        let holdsATeaser = compared.map { classes.members(of: $0).contains { teaserSources[$0] != nil } }
        let sortedComparisons = comparisons
        comparisons = []
        // Only comparisons that found something are kept, by their place in the sorted list: most find
        // nothing, and an empty result for each would cost more than the list itself.
        let verified = indexes.withSides { sides in
            groups.concurrentMap { _, group in
                var results: [(comparison: Int, found: Matches)] = []
                var scratch = ComparisonScratch()
                for index in group {
                    var found = Matches()
                    let copy = Int(slotOf[copyClass(sortedComparisons[index])]), source = Int(slotOf[sourceClass(sortedComparisons[index])])
                    compare(sides[copy], with: sides[source], copy: keys[copy], source: keys[source], scratch: &scratch, into: &found)
                    guard !found.relations.isEmpty || !found.runs.isEmpty else { continue }
                    results.append((index, found))
                    if !holdsATeaser[source], found.relations.contains(where: { $0.kind == .near }) { break }
                }
                return results
            }
        }
        // Each member of the copying class takes, as its source, the earliest member of the other
        // class standing before it (for a shared run, the earliest on another page): what comparing
        // it with every member would have kept.
        for (index, found) in verified.joined() {
            let copies = classes.members(of: copyClass(sortedComparisons[index]))
            let sources = classes.members(of: sourceClass(sortedComparisons[index]))
            for relation in found.relations {
                for copy in copies {
                    guard let source = sources.first(where: { teaserSources[$0] != copy }), precedes(source, copy) else { continue }
                    var expanded = relation
                    expanded.copy = copy
                    expanded.source = source
                    matches.relations.append(expanded)
                }
            }
            for run in found.runs {
                for copy in copies {
                    guard let source = sources.first(where: { $0.document != copy.document }), precedes(source, copy) else { continue }
                    var expanded = run
                    expanded.copy = copy
                    expanded.source = source
                    matches.runs.append(expanded)
                }
            }
        }
        matches.relations += teasers
        return matches
    }

    /// Candidate pairs of classes from their representatives' winnowing fingerprints, each pair once,
    /// packed with the earlier class (by `placeOf`, its place in origin order) in the high half, in
    /// no particular order.
    ///
    /// Each class counts, on all cores, how many fingerprints it shares with each later-numbered
    /// class that shares one (a dense counter per task, reset through the list of classes it
    /// touched), from the postings of its fingerprints grouped once by a radix sort: no list of one
    /// entry per shared fingerprint and pair is ever made or sorted, and the work is the sum over
    /// fingerprints of their postings squared, as expanding them pairwise is.
    private func candidatePairs(of classes: ExactClasses, passages: [[PreparedPassage]], placeOf: [Int32]) -> [UInt64] {
        let winnower = Winnower(window: settings.winnowWindow), shingleSize = settings.shingleSize
        // Each class's distinct fingerprints, sorted, back to back.
        var perClass: [[UInt64]] = (0..<classes.count).map { $0 }.concurrentMap { _, number in
            let representative = classes.representative(of: number)
            let prepared = passages[representative.document][representative.passage]
            guard prepared.tokens.count >= shingleSize else { return [] }
            var hashes = winnower.fingerprints(of: prepared.shingles).map(\.hash)
            hashes.sort()
            hashes.removeDuplicatesFromSorted()
            return hashes
        }
        // Postings (fingerprint, class), grouped by fingerprint; a radix sort is stable, so each
        // group lists its classes by number.
        var hashes = Array(perClass.joined())
        var owners: [UInt32] = []
        owners.reserveCapacity(hashes.count)
        for (number, fingerprints) in perClass.enumerated() { owners += repeatElement(UInt32(number), count: fingerprints.count) }
        // Fingerprints a class holds, up to 255: only whether there are ``fingerprintsOfALongPassage`` is asked.
        let lengths = perClass.map { UInt8(clamping: $0.count) }
        perClass = []
        var hashScratch: [UInt64] = [], ownerScratch: [UInt32] = []
        RadixSort.sort(&hashes, carrying: &owners, scratch: &hashScratch, valueScratch: &ownerScratch)
        hashScratch = []
        ownerScratch = []
        // The groups of two to ``longestPosting`` classes, and for each class the groups it is in
        // (compressed rows). A longer group is furniture; each class's furniture fingerprints are
        // listed too (compressed rows, each sorted), as two classes may share them unseen.
        var groupStarts: [Int32] = [0]
        var groupMembers: [UInt32] = []
        var groupCount = [Int32](repeating: 0, count: classes.count + 1)
        var furnitureGroups: [Range<Int>] = []
        var furnitureCount = [Int32](repeating: 0, count: classes.count + 1)
        var start = 0
        while start < hashes.count {
            var end = start + 1
            while end < hashes.count, hashes[end] == hashes[start] { end += 1 }
            if end - start > Self.longestPosting {
                furnitureGroups.append(start..<end)
                for position in start..<end { furnitureCount[Int(owners[position]) + 1] += 1 }
            } else if end - start >= 2 {
                groupMembers += owners[start..<end]
                groupStarts.append(Int32(groupMembers.count))
                for position in start..<end { groupCount[Int(owners[position]) + 1] += 1 }
            }
            start = end
        }
        for number in 0..<classes.count { furnitureCount[number + 1] += furnitureCount[number] }
        var furnitureOfClass = [UInt64](repeating: 0, count: Int(furnitureCount[classes.count]))
        var filled = furnitureCount
        for group in furnitureGroups {
            for position in group {
                let owner = Int(owners[position])
                furnitureOfClass[Int(filled[owner])] = hashes[position]
                filled[owner] += 1
            }
        }
        furnitureGroups = []
        hashes = []
        owners = []
        for number in 0..<classes.count { groupCount[number + 1] += groupCount[number] }
        var groupsOfClass = [Int32](repeating: 0, count: Int(groupCount[classes.count]))
        filled = groupCount
        for group in 0..<(groupStarts.count - 1) {
            for member in groupMembers[Int(groupStarts[group])..<Int(groupStarts[group + 1])] {
                groupsOfClass[Int(filled[Int(member)])] = Int32(group)
                filled[Int(member)] += 1
            }
        }
        filled = []
        // Two long passages are compared when they share two fingerprints, counting those too common
        // to pair anything (furniture: one in common is then enough, as the groups gave one). Any
        // shared run long enough to report (``AnalysisSettings/minimumQuoteTokens``, 12 words: 8
        // shingles, two disjoint winnowing windows) gives two; a phrase common to many paragraphs
        // gives one, and pairing every paragraph that uses it would cost the square of their number.
        let furnitureStarts = furnitureCount, furnitureHashes = furnitureOfClass
        let memberStarts = groupStarts, members = groupMembers, rowStarts = groupCount, rows = groupsOfClass
        @Sendable func furniture(of number: Int) -> ArraySlice<UInt64> {
            furnitureHashes[Int(furnitureStarts[number])..<Int(furnitureStarts[number + 1])]
        }
        let chunk = max(1, classes.count / 256)
        let chunks = stride(from: 0, to: classes.count, by: chunk).map { $0..<min($0 + chunk, classes.count) }
        let kept = chunks.concurrentMap { _, numbers in
            var kept: [UInt64] = []
            var shared = [UInt32](repeating: 0, count: classes.count)
            var touched: [Int] = []
            for number in numbers {
                for group in rows[Int(rowStarts[number])..<Int(rowStarts[number + 1])] {
                    for member in members[Int(memberStarts[Int(group)])..<Int(memberStarts[Int(group) + 1])] where Int(member) > number {
                        if shared[Int(member)] == 0 { touched.append(Int(member)) }
                        shared[Int(member)] += 1
                    }
                }
                let long = lengths[number] >= Self.fingerprintsOfALongPassage
                for other in touched {
                    let count = shared[other]
                    shared[other] = 0
                    if count < 2, long, lengths[other] >= Self.fingerprintsOfALongPassage {
                        guard Self.shareOne(furniture(of: number), furniture(of: other)) else { continue }
                    }
                    let (earlier, later) = placeOf[number] < placeOf[other] ? (number, other) : (other, number)
                    kept.append(UInt64(earlier) << 32 | UInt64(later))
                }
                touched.removeAll(keepingCapacity: true)
            }
            return kept
        }
        return Array(kept.joined())
    }

    /// Whether two sorted fingerprint lists share a fingerprint.
    private static func shareOne(_ a: ArraySlice<UInt64>, _ b: ArraySlice<UInt64>) -> Bool {
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex, j < b.endIndex {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { return true }
        }
        return false
    }

    /// A hash (exact key or first shingle) and the passage that has it.
    private struct Posting {
        let hash: UInt64
        let key: PassageKey

        /// Sorts `postings` by hash, then document and passage, and calls `body` with each run of
        /// equal hashes, in that order.
        static func forEachGroup(_ postings: inout [Posting], _ body: (ArraySlice<Posting>) -> Void) {
            postings.sort { ($0.hash, $0.key.document, $0.key.passage) < ($1.hash, $1.key.document, $1.key.passage) }
            var start = 0
            while start < postings.count {
                var end = start + 1
                while end < postings.count && postings[end].hash == postings[start].hash { end += 1 }
                body(postings[start..<end])
                start = end
            }
        }
    }

    /// What verifying a pair reads of one passage: its shingle index (``PreparedPassage/shingleIndex()``)
    /// as hashes and positions apart (the merge reads only hashes, eight bytes an entry), token count
    /// and shingle width.
    private struct Side: @unchecked Sendable {
        /// Point into ``RepresentativeIndexes``' storage, which outlives every use.
        var hashes: UnsafeBufferPointer<UInt64>
        var positions: UnsafeBufferPointer<Int32>
        var tokens: Int
        var width: Int
    }

    /// The shingle indexes of the passages compared, back to back in two arrays (hashes, positions).
    private struct RepresentativeIndexes {
        private var hashes: [UInt64] = []
        private var positions: [Int32] = []
        private var bounds: [(range: Range<Int>, tokens: Int, width: Int)] = []

        /// Indexes `passages` on all cores, each straight into its place in the two arrays.
        init(_ passages: [PreparedPassage]) {
            var total = 0
            for passage in passages {
                bounds.append((total..<(total + passage.shingles.count), passage.tokens.count, passage.shingleWidth))
                total += passage.shingles.count
            }
            let bounds = bounds
            var positions: [Int32] = []
            hashes = Array(unsafeUninitializedCapacity: total) { hashBuffer, hashesInitialized in
                positions = Array(unsafeUninitializedCapacity: total) { positionBuffer, positionsInitialized in
                    nonisolated(unsafe) let hashBuffer = hashBuffer, positionBuffer = positionBuffer
                    passages.withUnsafeBufferPointer { passages in
                        nonisolated(unsafe) let passages = passages
                        DispatchQueue.concurrentPerform(iterations: passages.count) { number in
                            var place = bounds[number].range.lowerBound
                            for entry in passages[number].shingleIndex() {
                                (hashBuffer.baseAddress! + place).initialize(to: entry.hash)
                                (positionBuffer.baseAddress! + place).initialize(to: entry.position)
                                place += 1
                            }
                        }
                    }
                    positionsInitialized = total
                }
                hashesInitialized = total
            }
            self.positions = positions
        }

        /// Calls `body` with every passage's side, in the order given to ``init(_:)``.
        func withSides<Result>(_ body: ([Side]) -> Result) -> Result {
            hashes.withUnsafeBufferPointer { hashes in
                positions.withUnsafeBufferPointer { positions in
                    body(bounds.map {
                        Side(
                            hashes: UnsafeBufferPointer(rebasing: hashes[$0.range]), positions: UnsafeBufferPointer(rebasing: positions[$0.range]),
                            tokens: $0.tokens, width: $0.width)
                    })
                }
            }
        }
    }

    /// Buffers one core's comparisons reuse, so verifying millions of pairs does not allocate for each.
    private struct ComparisonScratch {
        /// Every pair of equal shingles: first their places in the two indexes, then their positions in the passages.
        var pairs: [(copy: Int32, source: Int32)] = []
        var copyCovered: [Bool] = []
        var sourceCovered: [Bool] = []
    }

    /// Verifies a candidate pair on its shingles: coverage on both sides and the shared runs.
    /// - Precondition: the two passages' words differ (they are of different exact classes).
    private func compare(
        _ copy: Side, with source: Side, copy copyKey: PassageKey, source sourceKey: PassageKey, scratch: inout ComparisonScratch, into matches: inout Matches
    ) {
        guard copy.width == source.width else { return }
        let width = copy.width
        let (copyHashes, sourceHashes) = (copy.hashes, source.hashes)

        // Every (copy place, source place) in the indexes with equal shingles, by a merge of the
        // sorted indexes. Equal hashes are rare: the merge steps without a branch on which side is
        // smaller, as a mispredicted branch a step would cost more than the step.
        scratch.pairs.removeAll(keepingCapacity: true)
        var a = 0, b = 0
        while a < copyHashes.count && b < sourceHashes.count {
            let hash = copyHashes[a], other = sourceHashes[b]
            if hash == other {
                var endB = b
                while endB < sourceHashes.count && sourceHashes[endB] == hash { endB += 1 }
                while a < copyHashes.count && copyHashes[a] == hash {
                    for k in b..<endB { scratch.pairs.append((Int32(a), Int32(k))) }
                    a += 1
                }
                b = endB
                continue
            }
            let copyIsSmaller = hash < other
            a &+= copyIsSmaller ? 1 : 0
            b &+= copyIsSmaller ? 0 : 1
        }
        guard !scratch.pairs.isEmpty else { return }
        // Most candidate pairs share a phrase or two too short to report: each equal pair covers at
        // most `width` tokens, so too few of them can give neither a run of
        // ``AnalysisSettings/minimumQuoteTokens`` nor the coverage of a near copy, and sorting and
        // covering them is skipped. (An upper bound on what the full count would give: nothing
        // that would be found is lost.)
        let shared = scratch.pairs.count
        if shared < max(1, settings.minimumQuoteTokens - width + 1) {
            let copyBound = Double(min(shared * width, copy.tokens)) / Double(copy.tokens)
            let sourceBound = Double(min(shared * width, source.tokens)) / Double(source.tokens)
            guard copyBound >= settings.passageSimilarity && sourceBound >= 0.5 else { return }
        }
        // The pairs were noted as places in the two indexes; their shingle positions are read only
        // now, for the few pairs that get this far.
        for index in scratch.pairs.indices {
            let (copyPlace, sourcePlace) = scratch.pairs[index]
            scratch.pairs[index] = (copy.positions[Int(copyPlace)], source.positions[Int(sourcePlace)])
        }
        scratch.pairs.sort { ($0.copy, $0.source) < ($1.copy, $1.source) }
        let pairs = scratch.pairs

        scratch.copyCovered.removeAll(keepingCapacity: true)
        scratch.copyCovered.append(contentsOf: repeatElement(false, count: copy.tokens))
        scratch.sourceCovered.removeAll(keepingCapacity: true)
        scratch.sourceCovered.append(contentsOf: repeatElement(false, count: source.tokens))
        var runs: [(copy: Range<Int>, source: Range<Int>)] = []
        var previous: (copy: Int, source: Int)? = nil
        var index = 0
        while index < pairs.count {
            let j = Int(pairs[index].copy)
            var end = index
            while end < pairs.count && Int(pairs[end].copy) == j { end += 1 }
            let candidates = pairs[index..<end]
            // Extend the current run where the source continues it; otherwise start a run at the first match.
            let i: Int
            if let previous, previous.copy == j - 1, candidates.contains(where: { Int($0.source) == previous.source + 1 }) {
                i = previous.source + 1
                runs[runs.count - 1].copy = runs[runs.count - 1].copy.lowerBound..<(j + 1)
                runs[runs.count - 1].source = runs[runs.count - 1].source.lowerBound..<(i + 1)
            } else {
                i = Int(candidates.first!.source)
                runs.append((j..<(j + 1), i..<(i + 1)))
            }
            previous = (j, i)
            for t in j..<(j + width) { scratch.copyCovered[t] = true }
            for candidate in candidates {
                for t in Int(candidate.source)..<(Int(candidate.source) + width) { scratch.sourceCovered[t] = true }
            }
            index = end
        }
        guard !runs.isEmpty else { return }
        let copyCoverage = Double(scratch.copyCovered.count { $0 }) / Double(copy.tokens)
        let sourceCoverage = Double(scratch.sourceCovered.count { $0 }) / Double(source.tokens)
        // Nearly all of the copy from the source, and at least half of the source kept.
        if copyCoverage >= settings.passageSimilarity && sourceCoverage >= 0.5 {
            let whole = sourceCoverage >= settings.passageSimilarity
            matches.relations.append(Relation(
                copy: copyKey, source: sourceKey, kind: whole ? .near : .trimmed, score: min(copyCoverage, sourceCoverage),
                evidence: "\(Int((copyCoverage * 100).rounded()))% of its words and \(Int((sourceCoverage * 100).rounded()))% of the earlier passage's lie in shared \(settings.shingleSize)-word shingles"))
        }
        for run in runs {
            // A run of m shingles covers m + width − 1 tokens.
            let copyTokens = run.copy.lowerBound..<(run.copy.upperBound + width - 1)
            guard copyTokens.count >= settings.minimumQuoteTokens else { continue }
            matches.runs.append(SharedRun(
                copy: copyKey, source: sourceKey, copyTokens: copyTokens,
                sourceTokens: run.source.lowerBound..<(run.source.upperBound + width - 1)))
        }
    }

    /// Whether `candidate` repeats the start of `full` (and what follows it in its document) and is cut off.
    ///
    /// The candidate's words must equal the words from the start of `full` onwards, for at least
    /// ``AnalysisSettings/minimumTeaserTokens`` words; its last word may be cut (a proper prefix of the
    /// word it copies); at most three words may follow the copied run (a "Read more" or "Continue
    /// reading" cue). It must stop before the text it copies ends, or it would be a duplicate.
    private func teaser(_ candidateKey: PassageKey, of fullKey: PassageKey, passages: [[PreparedPassage]], eligible: (PassageKey) -> Bool) -> Relation? {
        let candidate = passages[candidateKey.document][candidateKey.passage]
        // The words from the start of `full` on, as hashes; words themselves are read only where a
        // cut one is tested.
        var stream: [UInt64] = []
        var streamPassages: [Int] = []
        var passageEnds: [Int] = []
        for next in passages[fullKey.document][fullKey.passage...] {
            let key = PassageKey(document: fullKey.document, passage: next.passage.index)
            if key == candidateKey { break }  // a teaser never copies itself
            guard key == fullKey || eligible(key) else { continue }
            stream.append(contentsOf: next.tokens.hashes)
            streamPassages.append(key.passage)
            passageEnds.append(stream.count)
            if stream.count > candidate.tokens.count { break }
        }
        func streamWord(_ position: Int) -> String {
            let part = passageEnds.firstIndex { $0 > position }!
            return passages[fullKey.document][streamPassages[part]].tokens.word(position - (part == 0 ? 0 : passageEnds[part - 1]))
        }
        let words = candidate.tokens.hashes
        var matched = 0
        var cutMidWord = false
        while matched < words.count, matched < stream.count, words[matched] == stream[matched] { matched += 1 }
        if matched < words.count, matched < stream.count, streamWord(matched).hasPrefix(candidate.tokens.word(matched)) {
            matched += 1
            cutMidWord = true
        }
        let trailing = words.count - matched
        guard matched >= settings.minimumTeaserTokens, trailing <= 3, matched < stream.count else { return nil }
        let ellipsis = candidate.endsWithEllipsis
        let marked = ellipsis || trailing > 0 || cutMidWord
        let fullLength = passageEnds[0]
        if !marked {
            // Unmarked and stopping where its passage ends: the same passage, a duplicate.
            if passageEnds.contains(matched) { return nil }
            // Unmarked and nearly whole: a near-duplicate, which the shingle comparison reports.
            if Double(matched) >= settings.passageSimilarity * Double(fullLength) { return nil }
            // Unmarked, stopping at a sentence end, most of the passage kept: a copy trimmed by a sentence.
            if let last = candidate.passage.text.last, ".!?\"”".contains(last), matched * 2 >= fullLength {
                return Relation(
                    copy: candidateKey, source: fullKey, kind: .trimmed, score: Double(matched) / Double(fullLength),
                    evidence: "the first \(matched) of \(fullLength) words of the earlier passage, trimmed at a sentence end")
            }
        }

        var marks: [String] = []
        if ellipsis { marks.append("ends with an ellipsis") }
        if trailing > 0 { marks.append("followed by \"\(((words.count - trailing)..<words.count).map(candidate.tokens.word).joined(separator: " "))\"") }
        if cutMidWord { marks.append("cut mid-word") }
        if marks.isEmpty { marks.append("cut off mid-sentence without a mark") }
        return Relation(
            copy: candidateKey, source: fullKey, kind: .teaser, score: Double(matched) / Double(words.count),
            evidence: "repeats the first \(matched) words from the start of the passage, \(marks.joined(separator: ", "))")
    }
}
