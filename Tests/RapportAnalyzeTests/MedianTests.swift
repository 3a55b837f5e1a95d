import Testing

@testable import RapportAnalyze

/// `Median.of` selects instead of sorting: it must give what sorting gives,
/// on every shape of input, including the ones that make a naive
/// selection slow.
@Suite struct MedianTests {
    /// The median by sorting, the definition it stands in for.
    func sortedMedian(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    @Test func smallCasesByHand() {
        #expect(Median.of([]) == nil)
        #expect(Median.of([7]) == 7)
        #expect(Median.of([3, 1]) == 2)
        #expect(Median.of([5, 1, 4]) == 4)
        #expect(Median.of([150, 300, 200, 400]) == 250)
        #expect(Median.of([2, 2, 2, 2, 1]) == 2)
    }

    @Test func agreesWithSortingOnManyShapes() {
        var shapes: [[Double]] = []
        for count in [2, 3, 10, 101, 1_000, 4_096] {
            let ascending = (0..<count).map(Double.init)
            shapes.append(ascending)
            shapes.append(ascending.reversed())
            shapes.append([Double](repeating: 5, count: count))
            shapes.append((0..<count).map { Double($0 % 3) })
            // Organ pipe and sawtooth: classic traps for a median-of-three pivot.
            shapes.append((0..<count).map { Double(min($0, count - 1 - $0)) })
            shapes.append((0..<count).map { Double($0 % 17) * 1.5 - 3 })
            // A deterministic scramble.
            shapes.append((0..<count).map { Double(($0 * 7_919) % 1_009) / 7 })
        }
        for values in shapes {
            #expect(Median.of(values) == sortedMedian(values), "\(values.prefix(8))… of \(values.count)")
        }
    }

    @Test func unionSmallCasesByHand() {
        #expect(Median.of(union: [[Double]]()) == nil)
        #expect(Median.of(union: [[], []]) == nil)
        #expect(Median.of(union: [[7]]) == 7)
        // 1, 3 | 2, 10: sorted 1 2 3 10, the middle two 2 and 3.
        #expect(Median.of(union: [[1, 3], [], [10, 2]]) == 2.5)
        // Both middle values in one part, the rest spread: −5 −1 | 0.25 0.5 | 1e9 1e12.
        #expect(Median.of(union: [[1e12, -5], [0.5, 0.25], [-1, 1e9]]) == 0.375)
        // The two middle ranks in different buckets (1,024 and 2,048 differ in the exponent).
        #expect(Median.of(union: [[1_024], [2_048]]) == 1_536)
        #expect(Median.of(union: [[-2.5], [-2.5, 4], [-2.5]]) == -2.5)
    }

    @Test func unionAgreesWithTheGatheredMedian() {
        var parts: [[Double]] = []
        for count in [1, 2, 3, 10, 101, 1_000, 4_096] {
            parts.append((0..<count).map { Double(($0 * 7_919) % 1_009) / 7 })
            parts.append((0..<count).map { Double($0 % 17) * 1.5 - 3 })
            parts.append([Double](repeating: 5, count: count))
            parts.append((0..<count).map { Double($0) * 1e-3 - Double(count) * 3e-4 })
            parts.append([])
        }
        // Every prefix of the parts, so counts are odd and even and the middle moves across parts.
        for end in 1...parts.count {
            let chosen = parts[..<end]
            #expect(Median.of(union: chosen) == Median.of(chosen.flatMap { $0 }), "first \(end) parts")
        }
    }

    @Test func orderedKeysSortAsTheNumbers() {
        let numbers: [Double] = [-.greatestFiniteMagnitude, -1e9, -2, -1, -0.5, -1e-300, 0, 1e-300, 0.5, 1, 2, 1e9]
        let keys = numbers.map(Median.orderedKey)
        #expect(keys == keys.sorted())
        #expect(Set(keys).count == keys.count)
    }

    @Test func selectPlacesTheRankAndSplitsAroundIt() {
        var values = (0..<500).map { Double(($0 * 37) % 500) }
        Median.select(&values, rank: 123)
        #expect(values[123] == 123)
        #expect(values[..<123].allSatisfy { $0 <= 123 } && values[124...].allSatisfy { $0 >= 123 })
    }
}
