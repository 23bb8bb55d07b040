import Foundation
import PalimpsestCore

/// Checks one stored document against its fingerprints, the same way in every store: the document
/// is read back, its text matched to its content id, and its fingerprints made again and compared
/// with the stored ones — none missing, none wrong, none left over.
struct FingerprintCheck: Sendable {
    /// The settings the index was made with (read from its header).
    let settings: AnalysisSettings
    /// `settings.lshParameters`, derived once.
    let banding: LSHParameters

    /// A check with the settings of an index's header; nil when the header cannot be read back
    /// into settings (then only the storage and the content ids can be checked).
    init?(header: IndexSettings) {
        guard let settings = header.analysisSettings else { return nil }
        self.settings = settings
        banding = settings.lshParameters
    }

    /// What a document stored as `data` should have, and what is stored.
    struct Stored {
        /// The document's id.
        var id: String
        /// The stored bytes (``DocumentCoding``).
        var data: Data
        /// The stored content id.
        var contentID: String
        /// How many fingerprints of each kind the store holds for the document.
        var counts: Counts
        /// Whether the store holds one fingerprint for the document: a store keyed by fingerprint
        /// answers by looking it up, so no store has to gather a document's fingerprints by document.
        var holds: (Fingerprint) throws -> Bool
    }

    /// How many fingerprints of each kind a store holds for one document.
    struct Counts: Sendable, Hashable {
        var bands = 0
        var passages = 0
        var marks = 0
    }

    /// One stored fingerprint of a document.
    enum Fingerprint: Hashable, Sendable {
        /// An LSH band hash.
        case band(band: Int, bucket: UInt64)
        /// A passage's content id, with the passage's index.
        case passage(contentID: [UInt8], passage: Int)
        /// A mark.
        case mark(UInt64)
    }

    /// The fingerprints a stored document should have, or nil when its bytes cannot be read back.
    func fingerprints(ofStored data: Data) -> DocumentFingerprints? {
        (try? DocumentCoding.decode(data)).map { DocumentFingerprints($0, settings: settings, banding: banding) }
    }

    /// The problems of one stored document, each naming it.
    /// - Throws: what `stored.holds` throws.
    func problems(_ stored: Stored) throws -> [String] {
        let document: Document
        do {
            document = try DocumentCoding.decode(stored.data)
        } catch {
            return ["\(stored.id): the stored document cannot be read (\(error))"]
        }
        var problems: [String] = []
        // An id column cut short (as SQLite's C interface cuts text at a NUL) names another document than the one stored.
        if document.id != stored.id { problems.append("\(stored.id): stored under another id than the document's own, \(document.id.debugDescription)") }
        if document.contentID.description != stored.contentID { problems.append("\(stored.id): the stored text does not match its content id") }
        let expected = DocumentFingerprints(document, settings: settings, banding: banding)
        // Whatever is stored beyond the expected fingerprints it holds is wrong or left over.
        func compare(_ kind: String, _ fingerprints: Set<Fingerprint>, stored count: Int) throws {
            let held = try fingerprints.count(where: stored.holds)
            if held != fingerprints.count || count != held {
                problems.append("\(stored.id): \(count - held) \(kind) wrong or left over, \(fingerprints.count - held) missing")
            }
        }
        try compare("band fingerprint(s)", Set(expected.bands.map { .band(band: $0.band, bucket: $0.hash) }), stored: stored.counts.bands)
        try compare(
            "passage fingerprint(s)", Set(expected.passageIDs.enumerated().map { .passage(contentID: $1.digest, passage: $0) }),
            stored: stored.counts.passages)
        try compare("mark(s)", Set(expected.marks.map { .mark($0) }), stored: stored.counts.marks)
        return problems
    }
}
