import COpenSSL

/// SHA-256 through OpenSSL's EVP interface: the content ids of documents, passages and raw inputs.
///
/// SHA-256 is for content addressing and provenance only; shingles use ``XXH3`` (a SHA-256 per
/// shingle would be some thirty times slower and buy nothing).
public enum SHA256 {
    /// The digest of `bytes`.
    /// - Complexity: O(n), about 1.4 GB/s with SHA-NI.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> ContentID {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let succeeded = output.withUnsafeMutableBufferPointer { out in
            EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when the library cannot allocate a context; there is no input to blame.
        precondition(succeeded == 1 && length == 32, "OpenSSL EVP_Digest(SHA-256) failed")
        return ContentID(sha256: Array(output.prefix(32)))
    }

    /// The digest of a byte collection.
    public static func digest(_ bytes: some Collection<UInt8>) -> ContentID {
        if let id = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
            return id
        }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    /// The digest of a string's UTF-8 encoding.
    public static func digest(utf8 text: String) -> ContentID {
        var text = text
        return text.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }
}
