/// Byte tests eight bytes at a time in one 64-bit register ("SIMD within a register"): the high
/// bit of each byte of a mask is set exactly where the byte passes the test, with no carry from
/// one byte into the next, so `trailingZeroBitCount / 8` is the first passing byte and
/// `nonzeroBitCount` the number that pass. Portable to any 64-bit target, unlike vector units.
/// Inlinable, as they are a few instructions each, used in loops of other modules.
public enum SWAR {
    /// 0x01 in every byte.
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    /// 0x80 in every byte.
    public static let highBits: UInt64 = 0x8080_8080_8080_8080
    @usableFromInline static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Eight bytes from `offset`, the first in the lowest byte on every platform.
    @inlinable @inline(__always)
    public static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Bytes equal to `byte`.
    @inlinable @inline(__always)
    public static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lowBits) &+ lowBits) | difference | lowBits)
    }

    /// Bytes below `limit`.
    /// - Precondition: `limit <= 0x80`.
    @inlinable @inline(__always)
    public static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        ~(((word & lowBits) &+ ones &* UInt64(0x80 - limit)) | word) & highBits
    }

    /// Bytes at or above `limit`.
    /// - Precondition: `limit <= 0x80`.
    @inlinable @inline(__always)
    public static func atLeast(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        ~below(word, limit) & highBits
    }

    /// The index (0–7) of the first byte a non-zero mask marks.
    @inlinable @inline(__always)
    public static func firstMarked(_ mask: UInt64) -> Int { mask.trailingZeroBitCount >> 3 }
}
