import Testing
@testable import PalimpsestCore

@Suite struct HashingTests {
    @Test("SHA-256 reproduces the FIPS 180-2 vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(input: String, hex: String) {
        #expect(SHA256.digest(utf8: input).description == "sha256:" + hex)
        #expect(SHA256.digest(Array(input.utf8)).hex == hex)
    }

    @Test func contentIDParsesWhatItPrints() throws {
        let id = SHA256.digest(utf8: "palimpsest")
        #expect(ContentID(id.description) == id)
        #expect(ContentID("sha256:abc") == nil)
        #expect(ContentID("md5:" + id.hex) == nil)
        #expect(ContentID("sha256:" + String(id.hex.dropLast()) + "g") == nil)
    }

    /// The empty-input vector is xxHash's published one; the others were printed by `xxhsum -H3`.
    @Test("XXH3-64 matches xxHash's reference outputs", arguments: [
        ("", UInt64(0x2D06_8005_38D3_94C2)),
        ("abc", UInt64(0x78AF_5F94_892F_3950)),
        ("The quick brown fox jumps over the lazy dog", UInt64(0xCE7D_19A5_418F_B365)),
    ])
    func xxh3(input: String, expected: UInt64) {
        #expect(XXH3.hash64(utf8: input) == expected)
    }

    @Test func xxh3OfWordsIsXXH3OfTheirLittleEndianBytes() {
        let words: [UInt64] = [1, 0xDEAD_BEEF, .max]
        var bytes: [UInt8] = []
        for word in words { withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) } }
        let fromWords = words.withUnsafeBufferPointer { XXH3.hash64(words: $0) }
        let fromBytes = bytes.withUnsafeBytes { XXH3.hash64($0) }
        #expect(fromWords == fromBytes)
        #expect(words.withUnsafeBufferPointer { XXH3.hash64(words: $0, seed: 1) } != fromWords)
    }
}
