/// Minimises a function of a few variables without derivatives: Nelder–Mead
/// with the standard coefficients, deterministic (no random restarts: it
/// restarts from its own best point until a restart no longer improves).
public enum NelderMead {
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
        public var converged: Bool
    }

    public static func minimize(
        _ f: ([Double]) -> Double, start: [Double], step: Double = 0.5, tolerance: Double = 1e-10,
        maxEvaluations: Int = 20_000
    ) -> Result {
        var best = start
        var bestValue = f(start)
        var evaluations = 1
        var converged = false
        for _ in 0..<8 {
            let run = simplex(f, start: best, step: step, tolerance: tolerance, budget: maxEvaluations - evaluations)
            evaluations += run.evaluations
            let improved = bestValue - run.value
            if run.value <= bestValue {
                best = run.point
                bestValue = run.value
            }
            if run.converged && improved < tolerance * max(1, abs(bestValue)) {
                converged = true
                break
            }
            if evaluations >= maxEvaluations { break }
        }
        return Result(point: best, value: bestValue, evaluations: evaluations, converged: converged)
    }

    static func simplex(
        _ f: ([Double]) -> Double, start: [Double], step: Double, tolerance: Double, budget: Int
    ) -> Result {
        let n = start.count
        var points = [start]
        for i in 0..<n {
            var p = start
            p[i] += step
            points.append(p)
        }
        var values = points.map(f)
        var evaluations = points.count
        while evaluations < budget {
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread = abs(values[n] - values[0])
            if spread <= tolerance * max(1, abs(values[0])) {
                return Result(point: points[0], value: values[0], evaluations: evaluations, converged: true)
            }
            var centroid = [Double](repeating: 0, count: n)
            for p in points.dropLast() { for i in 0..<n { centroid[i] += p[i] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (points[n][$0] - centroid[$0]) } }
            let reflected = along(-1)
            let reflectedValue = f(reflected)
            evaluations += 1
            if reflectedValue < values[0] {
                let expanded = along(-2)
                let expandedValue = f(expanded)
                evaluations += 1
                if expandedValue < reflectedValue {
                    points[n] = expanded
                    values[n] = expandedValue
                } else {
                    points[n] = reflected
                    values[n] = reflectedValue
                }
            } else if reflectedValue < values[n - 1] {
                points[n] = reflected
                values[n] = reflectedValue
            } else {
                let outside = reflectedValue < values[n]
                let contracted = along(outside ? -0.5 : 0.5)
                let contractedValue = f(contracted)
                evaluations += 1
                if contractedValue < min(reflectedValue, values[n]) {
                    points[n] = contracted
                    values[n] = contractedValue
                } else {
                    for i in 1...n {
                        points[i] = (0..<n).map { points[0][$0] + 0.5 * (points[i][$0] - points[0][$0]) }
                        values[i] = f(points[i])
                    }
                    evaluations += n
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return Result(point: points[best], value: values[best], evaluations: evaluations, converged: false)
    }
}
