import Foundation

/// Finds labelled data sets by folder name in the data folders a user names, unpacking an archive
/// when only the archive is there.
///
/// The shared data folder keeps some sets unpacked (`bbc-news/`) and some as archives
/// (`wcxb-dev-subset.tar.gz`, which unpacks to `wcxb/`). A suite asks for the folder; the locator
/// looks for it in every data folder, then in the unpack folder, and otherwise unpacks the archive
/// there once with `tar` (later runs reuse it).
public struct DataSetLocator: Sendable {
    /// The folders to search, in order.
    public var folders: [URL]
    /// Where archives are unpacked (a scratch folder that version control ignores).
    public var unpackFolder: URL

    /// Creates a locator.
    public init(folders: [URL], unpackFolder: URL) {
        self.folders = folders
        self.unpackFolder = unpackFolder
    }

    /// A data set: the folder it unpacks to and the archive it may come in.
    public struct DataSet: Sendable, Hashable {
        /// The folder name, such as `wcxb`.
        public var folder: String
        /// The archive's file name, such as `wcxb-dev-subset.tar.gz`, when the set ships packed.
        public var archive: String?

        /// Creates a description.
        public init(folder: String, archive: String? = nil) {
            self.folder = folder
            self.archive = archive
        }

        /// BBC News full text (Greene & Cunningham 2006), unpacked.
        public static let bbcNews = DataSet(folder: "bbc-news")
        /// Clough & Stevenson's corpus of plagiarised short answers (2011), unpacked.
        public static let cloughStevenson = DataSet(folder: "clough-stevenson")
        /// Part of the PAN 2013 text-alignment corpus.
        public static let pan13 = DataSet(folder: "pan13-textalign-partial", archive: "pan13-textalign-partial.tar.gz")
        /// CleanEval development pages and CleanPortalEval.
        public static let htmlCleaning = DataSet(folder: "html-cleaning-merged", archive: "cleaneval-dev-and-cleanportaleval.tar.gz")
        /// Trafilatura's evaluation pages with must-keep and must-drop snippets.
        public static let trafilaturaEval = DataSet(folder: "trafilatura-eval", archive: "trafilatura-eval.tar.gz")
        /// The WCXB development subset (Foley 2026).
        public static let wcxb = DataSet(folder: "wcxb", archive: "wcxb-dev-subset.tar.gz")
    }

    /// The folder of `dataSet`, unpacking its archive if needed.
    /// - Throws: ``EvaluationError/missingDataSet(name:searched:)`` when neither the folder nor the
    ///   archive is in any data folder; ``EvaluationError/unreadable(path:reason:)`` when unpacking fails.
    public func folder(of dataSet: DataSet) throws(EvaluationError) -> URL {
        let manager = FileManager.default
        for folder in folders + [unpackFolder] {
            let candidate = folder.appendingPathComponent(dataSet.folder)
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: candidate.path, isDirectory: &isFolder), isFolder.boolValue { return candidate }
        }
        if let archiveName = dataSet.archive {
            for folder in folders {
                let archive = folder.appendingPathComponent(archiveName)
                guard manager.fileExists(atPath: archive.path) else { continue }
                try unpack(archive)
                let unpacked = unpackFolder.appendingPathComponent(dataSet.folder)
                guard manager.fileExists(atPath: unpacked.path) else {
                    throw .unreadable(path: archive.path, reason: "unpacked, but it holds no folder '\(dataSet.folder)'")
                }
                return unpacked
            }
        }
        throw .missingDataSet(name: dataSet.folder, searched: folders.map(\.path))
    }

    /// Whether `dataSet` can be found (without unpacking anything).
    public func contains(_ dataSet: DataSet) -> Bool {
        let manager = FileManager.default
        return (folders + [unpackFolder]).contains { manager.fileExists(atPath: $0.appendingPathComponent(dataSet.folder).path) }
            || folders.contains { folder in dataSet.archive.map { manager.fileExists(atPath: folder.appendingPathComponent($0).path) } ?? false }
    }

    /// Unpacks `archive` into the unpack folder with the system's `tar`, into a temporary folder
    /// first and renamed into place, so an interrupted unpack is never mistaken for a complete one.
    private func unpack(_ archive: URL) throws(EvaluationError) {
        let manager = FileManager.default
        let staging = unpackFolder.appendingPathComponent(".unpacking-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(path: unpackFolder.path, reason: "cannot create the unpack folder: \(error.localizedDescription)")
        }
        defer { try? manager.removeItem(at: staging) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-xzf", archive.path, "-C", staging.path]
        do {
            try process.run()
        } catch {
            throw .unreadable(path: archive.path, reason: "cannot run tar: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw .unreadable(path: archive.path, reason: "tar failed with status \(process.terminationStatus)") }
        let unpacked = (try? manager.contentsOfDirectory(atPath: staging.path)) ?? []
        for name in unpacked where !manager.fileExists(atPath: unpackFolder.appendingPathComponent(name).path) {
            do {
                try manager.moveItem(at: staging.appendingPathComponent(name), to: unpackFolder.appendingPathComponent(name))
            } catch {
                throw .unreadable(path: archive.path, reason: "cannot move the unpacked '\(name)' into place: \(error.localizedDescription)")
            }
        }
    }
}
