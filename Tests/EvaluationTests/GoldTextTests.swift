import Testing
@testable import PalimpsestEvaluation

@Suite struct GoldTextTests {
    @Test func cleanEvalMarksAndTheURLLineAreDropped() {
        let gold = "URL: http://example.test/story\n<h>Ferry fares rise\n\n<p>The harbour &amp; pier said &#039;soon&#039; &#x2014; or later.\n<l>Item one"
        #expect(SiteTemplatesSuite.cleanEvalText(gold) == "Ferry fares rise\n\nThe harbour & pier said 'soon' \u{2014} or later.\nItem one")
    }

    @Test func aLeadingBlankLineAndWindowsLineBreaksAreHandled() {
        let gold = "\r\nURL: http://example.test/story\r\n<p>Ferry &rsquo;fares&rsquo; rise &mdash; again\r\n<p>Second"
        #expect(SiteTemplatesSuite.cleanEvalText(gold) == "Ferry \u{2019}fares\u{2019} rise \u{2014} again\nSecond")
    }

    @Test func unknownOrBrokenReferencesStayAsWritten() {
        #expect(decodeCharacterReferences("fish & chips &unknown; &#xZZ; &#9731;") == "fish & chips &unknown; &#xZZ; \u{2603}")
    }

    @Test func panAttributesAreRead() {
        let attributes = PassageAlignmentSuite.attributes(#" name="plagiarism" this_offset="3593" this_length="698" source_reference="source-document01090.txt" />"#)
        #expect(attributes["this_offset"] == "3593")
        #expect(attributes["source_reference"] == "source-document01090.txt")
    }

    @Test func rangesMergeAndCoverageCountsOnlyInsideTheWindow() {
        #expect(PassageAlignmentSuite.union([5..<10, 0..<3, 8..<12, 12..<13]) == [0..<3, 5..<13])
        #expect(PassageAlignmentSuite.coverage([0..<10, 5..<20], within: 8..<30) == 12)
    }
}
