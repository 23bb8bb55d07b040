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
    struct Stored: Sendable {
        /// The document's id.
        var id: String
        /// The stored bytes (``DocumentCoding``).
        var data: Data
        /// The stored content id.
        var contentID: String
        /// The stored band hashes, as (band, bucket).
        var bands: Set<BandEntry>
        /// The stored passage ids, as (content id bytes, passage index).
        var passages: Set<PassageEntry>
        /// The stored marks.
        var marks: Set<UInt64>
    }

    /// A stored band hash.
    struct BandEntry: Hashable, Sendable {
        var band: Int
        var bucket: UInt64
    }

    /// A stored passage id.
    struct PassageEntry: Hashable, Sendable {
        var contentID: [UInt8]
        var passage: Int
    }

    /// The problems of one stored document, each naming it.
    func problems(_ stored: Stored) -> [String] {
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
        let bands = Set(expected.bands.map { BandEntry(band: $0.band, bucket: $0.hash) })
        if bands != stored.bands {
            problems.append("\(stored.id): \(stored.bands.subtracting(bands).count) band fingerprint(s) wrong or left over, \(bands.subtracting(stored.bands).count) missing")
        }
        let passages = Set(expected.passageIDs.enumerated().map { PassageEntry(contentID: $1.digest, passage: $0) })
        if passages != stored.passages {
            problems.append("\(stored.id): \(stored.passages.subtracting(passages).count) passage fingerprint(s) wrong or left over, \(passages.subtracting(stored.passages).count) missing")
        }
        let marks = Set(expected.marks)
        if marks != stored.marks {
            problems.append("\(stored.id): \(stored.marks.subtracting(marks).count) mark(s) wrong or left over, \(marks.subtracting(stored.marks).count) missing")
        }
        return problems
    }
}
