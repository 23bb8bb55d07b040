import IndexTestSupport
import PalimpsestTestKit
import Testing

// The index store contract (`IndexStoreContract`), run against each store. PostgreSQL needs a
// server: without one its suite is skipped, and the report says why.

@Suite("SQLite index store") struct SQLiteStoreTests {
    @Test func addingIsIdempotentAndDocumentsComeBackAsGiven() async throws { try await IndexStoreContract.addingIsIdempotentAndDocumentsComeBackAsGiven(.sqlite()) }
    @Test func theSameTextFromAnotherPlaceIsAnotherDocument() async throws { try await IndexStoreContract.theSameTextFromAnotherPlaceIsAnotherDocument(.sqlite()) }
    @Test func anIdTakenByAnotherTextIsSuffixed() async throws { try await IndexStoreContract.anIdTakenByAnotherTextIsSuffixed(.sqlite()) }
    @Test func aSuffixedIdTakenWhileTheBareOneIsFreeIsSkipped() async throws { try await IndexStoreContract.aSuffixedIdTakenWhileTheBareOneIsFreeIsSkipped(.sqlite()) }
    @Test func otherSettingsAreRefusedAndNamed() async throws { try await IndexStoreContract.otherSettingsAreRefusedAndNamed(.sqlite()) }
    @Test func readingAMissingIndexIsAnError() async throws { try await IndexStoreContract.readingAMissingIndexIsAnError(.sqlite()) }
    @Test func findingsEqualOneScanWhateverTheOrderAndBatches() async throws { try await IndexStoreContract.findingsEqualOneScanWhateverTheOrderAndBatches(.sqlite()) }
    @Test func aRepostFindsItsOriginAndNotUnrelatedTexts() async throws { try await IndexStoreContract.aRepostFindsItsOriginAndNotUnrelatedTexts(.sqlite()) }
    @Test func editedQuotationsAndTeasersAreFoundByTheirMarks() async throws { try await IndexStoreContract.editedQuotationsAndTeasersAreFoundByTheirMarks(.sqlite()) }
    @Test func thePagesOfTheSameSiteComeAlongForBoilerplate() async throws { try await IndexStoreContract.thePagesOfTheSameSiteComeAlongForBoilerplate(.sqlite()) }
    @Test func removingADocumentTakesItsFingerprintsWithIt() async throws { try await IndexStoreContract.removingADocumentTakesItsFingerprintsWithIt(.sqlite()) }
    @Test func documentsPublishedBeforeADateExpire() async throws { try await IndexStoreContract.documentsPublishedBeforeADateExpire(.sqlite()) }
    @Test func aSoundIndexVerifiesAndADamagedOneIsNamed() async throws { try await IndexStoreContract.aSoundIndexVerifiesAndADamagedOneIsNamed(.sqlite()) }
}

@Suite("PostgreSQL index store", .enabled(if: PostgresTestServer.url != nil, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresStoreTests {
    @Test func addingIsIdempotentAndDocumentsComeBackAsGiven() async throws { try await IndexStoreContract.addingIsIdempotentAndDocumentsComeBackAsGiven(try .postgres()) }
    @Test func theSameTextFromAnotherPlaceIsAnotherDocument() async throws { try await IndexStoreContract.theSameTextFromAnotherPlaceIsAnotherDocument(try .postgres()) }
    @Test func anIdTakenByAnotherTextIsSuffixed() async throws { try await IndexStoreContract.anIdTakenByAnotherTextIsSuffixed(try .postgres()) }
    @Test func aSuffixedIdTakenWhileTheBareOneIsFreeIsSkipped() async throws { try await IndexStoreContract.aSuffixedIdTakenWhileTheBareOneIsFreeIsSkipped(try .postgres()) }
    @Test func otherSettingsAreRefusedAndNamed() async throws { try await IndexStoreContract.otherSettingsAreRefusedAndNamed(try .postgres()) }
    @Test func readingAMissingIndexIsAnError() async throws { try await IndexStoreContract.readingAMissingIndexIsAnError(try .postgres()) }
    @Test func findingsEqualOneScanWhateverTheOrderAndBatches() async throws { try await IndexStoreContract.findingsEqualOneScanWhateverTheOrderAndBatches(try .postgres()) }
    @Test func aRepostFindsItsOriginAndNotUnrelatedTexts() async throws { try await IndexStoreContract.aRepostFindsItsOriginAndNotUnrelatedTexts(try .postgres()) }
    @Test func editedQuotationsAndTeasersAreFoundByTheirMarks() async throws { try await IndexStoreContract.editedQuotationsAndTeasersAreFoundByTheirMarks(try .postgres()) }
    @Test func thePagesOfTheSameSiteComeAlongForBoilerplate() async throws { try await IndexStoreContract.thePagesOfTheSameSiteComeAlongForBoilerplate(try .postgres()) }
    @Test func removingADocumentTakesItsFingerprintsWithIt() async throws { try await IndexStoreContract.removingADocumentTakesItsFingerprintsWithIt(try .postgres()) }
    @Test func documentsPublishedBeforeADateExpire() async throws { try await IndexStoreContract.documentsPublishedBeforeADateExpire(try .postgres()) }
    @Test func aSoundIndexVerifiesAndADamagedOneIsNamed() async throws { try await IndexStoreContract.aSoundIndexVerifiesAndADamagedOneIsNamed(try .postgres()) }
}
