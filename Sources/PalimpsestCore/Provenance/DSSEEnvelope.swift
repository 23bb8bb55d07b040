import Foundation

/// A DSSE envelope (Dead Simple Signing Envelope, as in-toto and Sigstore use): a payload, its type,
/// and signatures over the two together, so a signature cannot be moved to another kind of payload.
///
/// Signatures cover the pre-authentication encoding `DSSEv1 <len(type)> <type> <len(body)> <body>`,
/// never the JSON around them, so re-indenting the envelope changes nothing and any change to the
/// payload is caught.
public struct DSSEEnvelope: Sendable, Hashable, Codable {
    /// How to read the payload; for in-toto statements `application/vnd.in-toto+json`.
    public var payloadType: String
    /// The payload bytes, base64 in JSON.
    public var payload: Data
    /// The signatures, possibly none.
    public var signatures: [Signature]

    /// One signature.
    public struct Signature: Sendable, Hashable, Codable {
        /// The signing key's id (see ``VerifyingKey/keyID``); optional in DSSE, and only a hint:
        /// the signature itself decides.
        public var keyid: String?
        /// The signature bytes, base64 in JSON.
        public var sig: Data

        /// Creates a signature entry.
        public init(keyid: String?, sig: Data) {
            self.keyid = keyid
            self.sig = sig
        }
    }

    /// The payload type of in-toto statements.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// An unsigned envelope around `payload`.
    public init(payloadType: String, payload: Data) {
        self.payloadType = payloadType
        self.payload = payload
        signatures = []
    }

    /// The bytes signatures cover: DSSE's pre-authentication encoding of type and payload.
    public var preAuthenticationEncoding: [UInt8] {
        let type = Array(payloadType.utf8)
        return Array("DSSEv1 \(type.count) ".utf8) + type + Array(" \(payload.count) ".utf8) + Array(payload)
    }

    /// Adds `key`'s signature.
    public mutating func sign(with key: SigningKey) {
        signatures.append(Signature(keyid: key.publicKey.keyID, sig: Data(key.sign(preAuthenticationEncoding))))
    }

    /// Whether any signature verifies with `key` (every one is tried, whatever its key id says).
    public func isSigned(by key: VerifyingKey) -> Bool {
        let message = preAuthenticationEncoding
        return signatures.contains { key.verify(Array($0.sig), of: message) }
    }

    /// The envelope as JSON: keys sorted, indented, ending in a line break.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
