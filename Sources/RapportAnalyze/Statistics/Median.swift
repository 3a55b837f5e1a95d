/// The median of many numbers without sorting a copy of them: a portfolio's
/// typical order is the median of every order's total (twelve million at
/// 100,000 accounts), and `sorted()` held a second copy of them, and its
/// merge buffer a third, at the analysis's peak (BENCHMARKS.md, issue 27).
enum Median {
    /// The middle value, or the mean of the two middle ones for an even
    /// count; nil for none. The same value a sort would give: selection
    /// only decides which elements are in the middle.
    static func of(_ values: consuming [Double]) -> Double? {
        var values = values
        guard !values.isEmpty else { return nil }
        let middle = values.count / 2
        select(&values, rank: middle)
        let upper = values[middle]
        guard values.count % 2 == 0 else { return upper }
        // Everything before `middle` is now at most `upper`: the lower middle is their largest.
        return (values[..<middle].max()! + upper) / 2
    }

    /// The median of several arrays' values taken together, without
    /// gathering them: the portfolio's typical order reads every customer's
    /// order totals (twelve million at 100,000 accounts), and gathering them
    /// held a second copy, 96 MB, at the analysis's high-water mark
    /// (BENCHMARKS.md, issue 27, fifth session). One pass counts the values
    /// by the top 16 bits of an order-preserving key; a second gathers the
    /// one or two buckets the middle ranks fall in, where `select` finishes.
    /// The same value `of` gives on the values gathered.
    static func of<Parts: Collection<[Double]>>(union parts: Parts) -> Double? {
        var counts = [Int](repeating: 0, count: 1 << 16)
        var total = 0
        for part in parts {
            for value in part { counts[Int(orderedKey(value) >> 48)] += 1 }
            total += part.count
        }
        guard total > 0 else { return nil }
        let middle = total / 2
        let lowerRank = total % 2 == 0 ? middle - 1 : middle
        // The buckets holding ranks `lowerRank` and `middle`, and the rank of the lower one's first value.
        var (seen, lowerBucket, upperBucket, lowerStart) = (0, -1, -1, 0)
        for bucket in counts.indices {
            let next = seen + counts[bucket]
            if lowerBucket < 0 && lowerRank < next { (lowerBucket, lowerStart) = (bucket, seen) }
            if middle < next {
                upperBucket = bucket
                break
            }
            seen = next
        }
        var candidates: [Double] = []
        candidates.reserveCapacity(counts[lowerBucket] + (upperBucket == lowerBucket ? 0 : counts[upperBucket]))
        for part in parts {
            for value in part {
                let bucket = Int(orderedKey(value) >> 48)
                if bucket == lowerBucket || bucket == upperBucket { candidates.append(value) }
            }
        }
        // Ranks within the candidates: the lower bucket's values come first.
        select(&candidates, rank: middle - lowerStart)
        let upper = candidates[middle - lowerStart]
        guard total % 2 == 0 else { return upper }
        let lower = candidates[..<(middle - lowerStart)].max()!
        return (lower + upper) / 2
    }

    /// The bits of `value` as an unsigned integer in the same order as the
    /// numbers (negatives flipped whole, positives with the sign bit set).
    static func orderedKey(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// Reorders `values` so that `values[rank]` is what a sort would put
    /// there, with nothing larger before it and nothing smaller after it
    /// (Hoare's selection, pivot the median of three). Ranges still unsettled
    /// after 2 log₂ n + 16 rounds are sorted instead, so crafted input cannot
    /// make it quadratic.
    static func select(_ values: inout [Double], rank: Int) {
        var low = 0
        var high = values.count - 1
        var rounds = 0
        let allowed = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 16
        while low < high {
            rounds += 1
            if rounds > allowed {
                values[low...high].sort()
                return
            }
            let pivot = medianOfThree(values[low], values[low + (high - low) / 2], values[high])
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now low...j ≤ pivot, i...high ≥ pivot, and anything between equals it.
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return
            }
        }
    }

    static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}
