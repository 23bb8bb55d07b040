import Testing
@testable import PalimpsestCore

@Suite struct RadixSortTests {
    @Test(arguments: [0, 1, 2, 1000, 70_000])
    func sortsLikeTheStandardLibrary(count: Int) {
        var generator = SplitMix64(state: UInt64(count))
        var keys = (0..<count).map { _ in generator.next() >> (count % 3 == 0 ? 0 : 20) }
        let expected = keys.sorted()
        var scratch: [UInt64] = []
        RadixSort.sort(&keys, scratch: &scratch)
        #expect(keys == expected)
    }

    @Test(arguments: [2, 1000, 70_000])
    func valuesMoveWithTheirKeysAndEqualKeysKeepTheirOrder(count: Int) {
        // Few distinct keys, so most keys repeat; each value is its position in the input.
        var generator = SplitMix64(state: UInt64(count) &+ 7)
        var keys = (0..<count).map { _ in generator.next() % 97 &* 0x9E37_79B9_7F4A_7C15 }
        var values = (0..<UInt32(count)).map { $0 }
        let expected = zip(keys, values).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var scratch: [UInt64] = [], valueScratch: [UInt32] = []
        RadixSort.sort(&keys, carrying: &values, scratch: &scratch, valueScratch: &valueScratch)
        #expect(keys == expected.map(\.0))
        #expect(values == expected.map(\.1), "a stable sort: equal keys in input order")
    }
}
