import COpenSSL
import Foundation

/// An Ed25519 private key, through OpenSSL's EVP interface: signs run manifests.
///
/// Stored as an unencrypted PKCS#8 PEM file (`-----BEGIN PRIVATE KEY-----`), the form `openssl
/// genpkey -algorithm ed25519` writes, so keys move freely between Palimpsest and other tools.
public final class SigningKey: @unchecked Sendable {
    // An EVP_PKEY is immutable once made, and OpenSSL allows concurrent use of one for signing.
    fileprivate let key: OpaquePointer

    private init(key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// A new random key from OpenSSL's generator.
    /// - Throws: ``SigningError`` when OpenSSL cannot make one.
    public static func generate() throws(SigningError) -> SigningKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "ED25519", nil) else { throw .openSSL("no Ed25519 support") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer? = nil
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1, let key else { throw .openSSL("key generation failed") }
        return SigningKey(key: key)
    }

    /// Reads an unencrypted PKCS#8 PEM private key.
    /// - Throws: ``SigningError`` when the text is not one (an encrypted key included), or not an Ed25519 key.
    public convenience init(pem: String) throws(SigningError) {
        // A passphrase callback that declines: an encrypted key is refused, never prompted for.
        self.init(key: try ed25519Key(pem, kind: "private") { PEM_read_bio_PrivateKey($0, nil, { _, _, _, _ in 0 }, nil) })
    }

    /// The key as PKCS#8 PEM text: keep it secret.
    public var pem: String {
        writeToMemoryBIO { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
    }

    /// The matching public key.
    public var publicKey: VerifyingKey {
        // Round-trip through the public encoding: an EVP_PKEY with only the public half.
        let der = publicKeyDER(key)
        return der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return VerifyingKey(key: d2i_PUBKEY(nil, &cursor, buffer.count)!)
        }
    }

    /// The Ed25519 signature (64 bytes) of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("OpenSSL could not allocate a context") }
        defer { EVP_MD_CTX_free(context) }
        var length = 64
        var signature = [UInt8](repeating: 0, count: length)
        // Ed25519 hashes the message itself: no digest is named, and the message goes in whole.
        let succeeded = EVP_DigestSignInit(context, nil, nil, nil, key) == 1
            && EVP_DigestSign(context, &signature, &length, message, message.count) == 1
        precondition(succeeded && length == 64, "OpenSSL Ed25519 signing failed")
        return signature
    }
}

/// An Ed25519 public key: checks manifest signatures.
///
/// Stored as a SubjectPublicKeyInfo PEM file (`-----BEGIN PUBLIC KEY-----`).
public final class VerifyingKey: @unchecked Sendable {
    fileprivate let key: OpaquePointer

    fileprivate init(key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// Reads a PEM public key.
    /// - Throws: ``SigningError`` when the text is not one, or not an Ed25519 key.
    public convenience init(pem: String) throws(SigningError) {
        self.init(key: try ed25519Key(pem, kind: "public") { PEM_read_bio_PUBKEY($0, nil, nil, nil) })
    }

    /// The key as PEM text, to hand to whoever verifies.
    public var pem: String {
        writeToMemoryBIO { PEM_write_bio_PUBKEY($0, key) }
    }

    /// The key's id: the SHA-256 of its DER encoding (SubjectPublicKeyInfo), in hex, as DSSE
    /// signatures name their key.
    public var keyID: String { SHA256.digest(publicKeyDER(key)).hex }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func verify(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("OpenSSL could not allocate a context") }
        defer { EVP_MD_CTX_free(context) }
        return EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
            && EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }
}

/// Why a key could not be made, read or used.
public enum SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key text is not a usable key.
    case unreadableKey(String)
    /// OpenSSL failed for a reason of its own.
    case openSSL(String)

    /// The message.
    public var description: String {
        switch self {
        case .unreadableKey(let reason): "unreadable key: \(reason)"
        case .openSSL(let reason): "OpenSSL: \(reason)"
        }
    }
}

/// The DER SubjectPublicKeyInfo of a key.
private func publicKeyDER(_ key: OpaquePointer) -> [UInt8] {
    var buffer: UnsafeMutablePointer<UInt8>? = nil
    let length = i2d_PUBKEY(key, &buffer)
    guard length > 0, let buffer else { preconditionFailure("OpenSSL could not encode a public key") }
    defer { CRYPTO_free(buffer, #fileID, #line) }
    return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
}

/// The key `read` finds in PEM text, when it is an Ed25519 key.
/// - Throws: ``SigningError/unreadableKey(_:)`` naming the `kind` of PEM key expected, or the
///   wrong algorithm (the key is freed).
private func ed25519Key(_ pem: String, kind: String, _ read: (OpaquePointer) -> OpaquePointer?) throws(SigningError) -> OpaquePointer {
    guard let key = withMemoryBIO(pem, read) else { throw .unreadableKey("not a PEM \(kind) key") }
    guard EVP_PKEY_is_a(key, "ED25519") == 1 else {
        EVP_PKEY_free(key)
        throw .unreadableKey("not an Ed25519 key")
    }
    return key
}

/// Runs `read` over a read-only memory BIO holding `text`.
private func withMemoryBIO<Result>(_ text: String, _ read: (OpaquePointer) -> Result?) -> Result? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { buffer in
        guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
        defer { BIO_free(bio) }
        return read(bio)
    }
}

/// What `write` puts into a fresh memory BIO, as text.
private func writeToMemoryBIO(_ write: (OpaquePointer) -> Int32) -> String {
    guard let bio = BIO_new(BIO_s_mem()) else { preconditionFailure("OpenSSL could not allocate a memory BIO") }
    defer { BIO_free(bio) }
    precondition(write(bio) == 1, "OpenSSL could not write a PEM key")
    var start: UnsafeMutablePointer<CChar>? = nil
    let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &start)
    guard let start, length > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
}
