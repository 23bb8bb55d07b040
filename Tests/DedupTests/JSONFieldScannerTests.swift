import Foundation
import Testing
@testable import PalimpsestDedup

@Suite struct JSONFieldScannerTests {
    let scanner = JSONFieldScanner(idFields: ["id"], textFields: ["text", "content", "body"])

    func scan(_ line: String) throws(JSONLineError) -> (id: String, text: String?) {
        var record = JSONFieldScanner.Record()
        let bytes = Array(line.utf8)
        let failure: JSONLineError? = bytes.withUnsafeBytes { raw in
            do throws(JSONLineError) {
                try scanner.scan(raw, into: &record)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        return (String(decoding: record.id, as: UTF8.self), record.text.map { String(decoding: $0, as: UTF8.self) })
    }

    @Test func readsTheIdAndTheUnescapedText() throws {
        let line = #"{"id": "a-1", "meta": {"tags": ["x", 2, true, null, {"k": -1.5e3}]}, "text": "Line one\nsaid \"hi\" \u00e9 \ud83d\ude00 \/ end"}"#
        let record = try scan(line)
        #expect(record.id == "a-1")
        #expect(record.text == "Line one\nsaid \"hi\" é 😀 / end")
    }

    @Test func prefersTheFirstListedTextFieldWhereverItStands() throws {
        #expect(try scan(#"{"body": "third", "text": "first", "content": "second"}"#).text == "first")
        #expect(try scan(#"{"content": "second", "body": "third"}"#).text == "second")
    }

    /// A fuzzing finding (fuzz-dedup-records): with a field repeated, the fast reader kept the first
    /// value while Foundation's parser, and so `scan`, keeps the last.
    @Test func aRepeatedFieldTakesItsLastValueAsFoundationDoes() throws {
        let line = #"{"id":"a","text":"first","id":"b","text":"second","content":"other"}"#
        let record = try scan(line)
        #expect(record.id == "b")
        #expect(record.text == "second")
        let foundation = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(foundation["text"] as? String == record.text)
        #expect(foundation["id"] as? String == record.id)
    }

    /// Another fuzzing finding: Foundation's parser, and so `scan`, accepts a comma before a
    /// closing bracket, which the fast reader refused, losing the record.
    @Test func aCommaBeforeAClosingBracketIsAcceptedAsFoundationDoes() throws {
        for line in [#"{"id":"a","text":"kept",}"#, #"{"id":"a","list":[1,2,],"text":"kept", "o":{"k":1,} }"#] {
            #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
            #expect(try scan(line).text == "kept", "\(line)")
        }
        #expect(throws: JSONLineError.self) { try scan(#"{"id":"a",,"text":"x"}"#) }
        #expect(throws: JSONLineError.self) { try scan(#"{,}"#) }
    }

    @Test func takesANumericIdAsWrittenAndALoneSurrogateAsReplacement() throws {
        let record = try scan(#"{"id": 1234, "text": "x\ud800y"}"#)
        #expect(record.id == "1234")
        #expect(record.text == "x\u{FFFD}y")
    }

    @Test func aRecordWithoutTextHasNone() throws {
        #expect(try scan(#"{"id": "b", "title": "only a title"}"#).text == nil)
        #expect(try scan("{}").text == nil)
    }

    @Test(arguments: [
        (#"["not", "an object"]"#, 1),
        (#"{"id": "a" "text": "b"}"#, 12),
        (#"{"text": "unterminated}"#, 24),
        (#"{"text": "bad \q escape"}"#, 16),
        ("{\"text\": \"raw\u{01}control\"}", 14),
        (#"{"text": "ok"} trailing"#, 16),
        (#"{"text": 01}"#, 10),
        (#"{"text": tru}"#, 10),
    ])
    func namesTheColumnWhereALineStopsBeingJSON(line: String, column: Int) {
        #expect(throws: JSONLineError.self) { try scan(line) }
        do { _ = try scan(line) } catch { #expect(error.column == column, "\(line): \(error.message)") }
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let deep = #"{"text": "x", "n": "# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        do {
            _ = try scan(deep)
            Issue.record("accepted 100 levels of nesting")
        } catch {
            #expect(error.message.contains("nested deeper"))
        }
    }
}
