import Foundation
import PalimpsestCore

/// Writes the provenance of a run as W3C PROV-JSON (the PROV-JSON member submission, 2013).
///
/// - Entities: every document (`doc:`) with its title, URL, dates and SHA-256 content id, and every
///   passage (`passage:`) with its kind, offsets, content id and the document it belongs to.
/// - Activities: one extraction per extractor used, and the analysis (with its settings).
/// - Agents: the toolkit (`prov:SoftwareAgent`) and every site or publisher (`prov:Organization`).
/// - Relations: documents `wasGeneratedBy` their extraction and `wasAttributedTo` their site;
///   passages `wasGeneratedBy` the analysis; reposts `wasDerivedFrom` their origin (`palimpsest:Repost`),
///   partial reposts from their sources (`palimpsest:PartialRepost`); copied passages from the
///   first occurrence (a `prov:Quotation` for quotations, `palimpsest:Teaser` and
///   `palimpsest:Duplicate` otherwise); exact copies are also `alternateOf` the first occurrence.
///
/// Identifiers are percent-encoded after their prefix, so any document id is a valid qualified name.
public struct PROVExporter: Exporter {
    /// `prov`, with this plugin's version.
    public let stamp = PluginStamp(name: "prov", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "W3C PROV-JSON: documents and passages as entities, reposts and quotations as derivations"
    /// `json`.
    public let fileExtension = "json"
    /// The toolkit's version recorded on its agent.
    public let toolkitVersion: String

    /// Creates the exporter.
    public init(toolkitVersion: String = "0.1.0") { self.toolkitVersion = toolkitVersion }

    /// Writes one PROV-JSON document.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        var graph = PROVGraph()
        let analysis = "run:analysis"
        let settings = result.settings
        graph.activities[analysis] = [
            "prov:type": qualified("palimpsest:Analysis"),
            "palimpsest:shingleSize": settings.shingleSize, "palimpsest:permutations": settings.permutations,
            "palimpsest:threshold": settings.threshold, "palimpsest:bands": settings.lshParameters.bands,
            "palimpsest:rows": settings.lshParameters.rows,
            "palimpsest:normalizer": TextNormalizer.identifier, "palimpsest:tokenizer": Tokenizer.identifier,
            "palimpsest:hash": XXH3.identifier,
        ]
        graph.agents["palimpsest:toolkit"] = [
            "prov:type": qualified("prov:SoftwareAgent"), "prov:label": "Palimpsest", "palimpsest:version": toolkitVersion,
        ]
        graph.relate("wasAssociatedWith", ["prov:activity": analysis, "prov:agent": "palimpsest:toolkit"])

        for document in result.documents {
            let source = document.document.source
            let entity = Self.documentID(document.document.id)
            var attributes: [String: Any] = [
                "prov:type": qualified("palimpsest:Document"), "palimpsest:contentId": document.contentID.description,
                "palimpsest:sourceLocation": source.location,
            ]
            if let title = source.title { attributes["prov:label"] = title }
            if let url = source.url { attributes["prov:location"] = url }
            if let published = source.published { attributes["palimpsest:published"] = dateTime(published) }
            if let retrieved = source.retrieved { attributes["palimpsest:retrieved"] = dateTime(retrieved) }
            if let raw = source.rawContentID { attributes["palimpsest:rawContentId"] = raw.description }
            graph.entities[entity] = attributes

            let extraction = "run:extraction-" + Self.escape(source.extractor.name)
            if graph.activities[extraction] == nil {
                graph.activities[extraction] = [
                    "prov:type": qualified("palimpsest:Extraction"), "palimpsest:extractor": source.extractor.description,
                ]
                graph.relate("wasAssociatedWith", ["prov:activity": extraction, "prov:agent": "palimpsest:toolkit"])
            }
            graph.relate("wasGeneratedBy", ["prov:entity": entity, "prov:activity": extraction])
            if let site = source.siteKey {
                let agent = "site:" + Self.escape(site)
                graph.agents[agent] = ["prov:type": qualified("prov:Organization"), "prov:label": site]
                graph.relate("wasAttributedTo", ["prov:entity": entity, "prov:agent": agent])
            }

            if let repost = document.repostOf {
                graph.relate("wasDerivedFrom", [
                    "prov:generatedEntity": entity, "prov:usedEntity": Self.documentID(repost.id), "prov:activity": analysis,
                    "prov:type": qualified("palimpsest:Repost"), "palimpsest:similarity": repost.similarity.rounded(toPlaces: 4),
                    "palimpsest:containment": repost.containment.rounded(toPlaces: 4),
                ])
            }
            for partial in document.partialRepostOf {
                graph.relate("wasDerivedFrom", [
                    "prov:generatedEntity": entity, "prov:usedEntity": Self.documentID(partial.id), "prov:activity": analysis,
                    "prov:type": qualified("palimpsest:PartialRepost"), "palimpsest:share": partial.share.rounded(toPlaces: 4),
                ])
            }

            for passage in document.passages {
                let id = Self.passageID(document.document.id, passage.passage.index)
                graph.entities[id] = [
                    "prov:type": qualified("palimpsest:Passage"), "palimpsest:kind": passage.kind.rawValue,
                    "palimpsest:document": qualified(entity), "palimpsest:start": passage.passage.range.lowerBound,
                    "palimpsest:end": passage.passage.range.upperBound, "palimpsest:contentId": passage.contentID.description,
                ]
                graph.relate("wasGeneratedBy", ["prov:entity": id, "prov:activity": analysis])
                if let of = passage.of {
                    let sourceID = Self.passageID(of.document, of.passage)
                    let type = passage.kind == .teaser ? "palimpsest:Teaser" : "palimpsest:Duplicate"
                    var derivation: [String: Any] = [
                        "prov:generatedEntity": id, "prov:usedEntity": sourceID, "prov:activity": analysis, "prov:type": qualified(type),
                    ]
                    if let rule = passage.rule { derivation["palimpsest:rule"] = rule }
                    graph.relate("wasDerivedFrom", derivation)
                    if passage.rule == "exact-duplicate" {
                        graph.relate("alternateOf", ["prov:alternate1": id, "prov:alternate2": sourceID])
                    }
                }
                for span in passage.copiedSpans {
                    graph.relate("wasDerivedFrom", [
                        "prov:generatedEntity": id, "prov:usedEntity": Self.passageID(span.source.document, span.source.passage),
                        "prov:activity": analysis, "prov:type": qualified("prov:Quotation"),
                        "palimpsest:start": span.range.lowerBound, "palimpsest:end": span.range.upperBound,
                        "palimpsest:sourceStart": span.sourceRange.lowerBound, "palimpsest:sourceEnd": span.sourceRange.upperBound,
                    ])
                }
            }
        }
        let data = try JSONSerialization.data(withJSONObject: graph.json, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        try writer.write(bytes: data)
        try writer.write("\n")
        try writer.flush()
    }

    /// The qualified name of a document.
    public static func documentID(_ id: String) -> String { "doc:" + escape(id) }

    /// The qualified name of a passage.
    public static func passageID(_ document: String, _ index: Int) -> String { "passage:" + escape(document) + "/\(index)" }

    /// Percent-encodes everything but letters, digits and `-._~/`, so an id is a valid local name.
    public static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)))) || "-._~/".unicodeScalars.contains(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    private func qualified(_ name: String) -> [String: String] { ["$": name, "type": "prov:QUALIFIED_NAME"] }

    private func dateTime(_ date: Date) -> [String: String] { ["$": DateParsing.format(date), "type": "xsd:dateTime"] }
}

/// The records of a PROV-JSON document being built; relations get blank-node ids in order.
struct PROVGraph {
    var entities: [String: [String: Any]] = [:]
    var activities: [String: [String: Any]] = [:]
    var agents: [String: [String: Any]] = [:]
    private var relations: [String: [String: [String: Any]]] = [:]
    private var count = 0

    /// Adds a relation of `kind` (`wasDerivedFrom`, …) with its attributes.
    mutating func relate(_ kind: String, _ attributes: [String: Any]) {
        count += 1
        relations[kind, default: [:]]["_:r\(count)"] = attributes
    }

    /// The document as a JSON object.
    var json: [String: Any] {
        var object: [String: Any] = [
            "prefix": [
                "palimpsest": "https://palimpsest.invalid/ns#", "doc": "urn:palimpsest:document:",
                "passage": "urn:palimpsest:passage:", "site": "urn:palimpsest:site:", "run": "urn:palimpsest:run:",
            ],
            "entity": entities, "activity": activities, "agent": agents,
        ]
        for (kind, records) in relations { object[kind] = records }
        return object
    }
}
