// libFuzzer entry point for site.yaml's numeric settings (issue 25): the
// demo site, with some of its numbers set to what the fuzzer chooses —
// inside each documented range (its ends, its middle, a denormal step
// above its lowest value) and beyond it (0, negative, huge, inf, nan,
// denormals, text) — loaded, analysed and rendered into memory as
// `rapport build` would. No value may stop the program; a value outside
// its range, or a fraction where a count is asked, must be an error that
// names the setting. Built by fuzz/run against the package's own modules
// (not part of the package).
import Foundation
import Rapport
import RapportCore
import RapportLoad
import RapportWrite

/// The demo site, copied once into a private folder whose site.yaml each
/// input rewrites.
let site: String = {
    let root = NSTemporaryDirectory() + "rapport-fuzz-settings-\(getpid())"
    try? FileManager.default.removeItem(atPath: root)
    let environment = ProcessInfo.processInfo.environment
    let demo = environment["RAPPORT_FUZZ_SITE"] ?? FileManager.default.currentDirectoryPath + "/content"
    try! FileManager.default.copyItem(atPath: demo, toPath: root)
    return root
}()
let baseYAML = try! String(contentsOfFile: site + "/site.yaml", encoding: .utf8)
let settings = SiteConfig.numericSettings

/// Values of every kind a number in YAML can take, the ones that broke
/// the binary (issue 25) first.
let special = [
    "0", "-0", "-1", "1", "inf", "-inf", ".inf", "-.inf", ".nan", "nan", "NaN", "5e-324", "-5e-324",
    "2.2250738585072014e-308", "1e-320", "1e308", "-1e308", "1.7976931348623157e308", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "18446744073709551616", "1e19", "0x10", "0x1p-1074", "1_000",
    "1.5", "0.5", "260", "520", "521", "1e6", "1000001", "\"\"", "~", "[1]", "{a: 1}", "true", "0.000001",
]

/// The fuzzer's bytes as a stream of choices; zeros once they run out.
struct Choices {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    mutating func byte() -> Int {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return Int(bytes[position])
    }

    /// A value for `setting`: a special one, a point of its range, or one
    /// the fuzzer spells out.
    mutating func value(for setting: SiteConfig.NumericSetting) -> String {
        let range = setting.range
        switch byte() % 6 {
        case 0, 1: return special[byte() % special.count]
        case 2: return "\(range.lowerBound)"
        case 3: return "\(range.upperBound)"
        case 4:
            // A point of the range: the fuzzer's fraction of the way along,
            // sometimes one step beyond either end.
            let fraction = Double(byte() * 256 + byte()) / 65_535
            let value = range.lowerBound + (range.upperBound - range.lowerBound) * fraction
            switch byte() % 4 {
            case 0: return "\(range.lowerBound.nextDown)"
            case 1: return "\(range.upperBound.nextUp)"
            case 2: return "\(value.rounded())"
            default: return "\(value)"
            }
        default:
            var text = ""
            for _ in 0..<byte() % 24 { text.append(Character(UnicodeScalar(UInt8(32 + byte() % 95)))) }
            return "\"" + text.replacingOccurrences(of: "\\", with: "").replacingOccurrences(of: "\"", with: "") + "\""
        }
    }
}

/// Whether `value`, as the reader sees it, lies in `setting`'s range.
func accepted(_ value: String, _ setting: SiteConfig.NumericSetting) -> Bool {
    guard let number = Double(value), setting.range.contains(number) else { return false }
    return !setting.whole || (number == number.rounded() && Int(exactly: number) != nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var choices = Choices(bytes: UnsafeBufferPointer(start: data, count: size))
    // One to four settings, each written once (a repeated key is an error
    // of its own), the scoring ones under one `scoring:`.
    var chosen: [(SiteConfig.NumericSetting, String)] = []
    for _ in 0..<1 + choices.byte() % 4 {
        let setting = settings[choices.byte() % settings.count]
        guard !chosen.contains(where: { $0.0.path == setting.path }) else { continue }
        chosen.append((setting, choices.value(for: setting)))
    }
    // Nested keys must share their parents: write the settings as one tree.
    var tree: [String: Any] = [:]
    for (setting, value) in chosen {
        let parts = setting.path.split(separator: ".").map(String.init)
        func insert(_ node: inout [String: Any], _ index: Int) {
            if index == parts.count - 1 {
                node[parts[index]] = value
                return
            }
            var child = node[parts[index]] as? [String: Any] ?? [:]
            insert(&child, index + 1)
            node[parts[index]] = child
        }
        insert(&tree, 0)
    }
    func render(_ node: [String: Any], _ depth: Int) -> String {
        node.keys.sorted().map { key in
            let pad = String(repeating: "  ", count: depth)
            if let child = node[key] as? [String: Any] { return pad + key + ":\n" + render(child, depth + 1) }
            return pad + key + ": " + (node[key] as! String) + "\n"
        }.joined()
    }
    // The demo's own `pitch:` is replaced when the input sets one of its numbers.
    var base = baseYAML
    if tree["pitch"] != nil, let start = base.range(of: "\npitch:\n") {
        var end = start.upperBound
        while end < base.endIndex, base[end] == " " || base[end] == "#" {
            end = base[end...].firstIndex(of: "\n").map { base.index(after: $0) } ?? base.endIndex
        }
        base.removeSubrange(base.index(after: start.lowerBound)..<end)
    }
    try! (base + "\n" + render(tree, 0)).write(toFile: site + "/site.yaml", atomically: false, encoding: .utf8)

    let (opened, _, diagnostics) = Site.open(BuildOptions(site: site), today: Day(iso: "2026-11-16")!)
    let errors = diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
    for (setting, value) in chosen where !accepted(value, setting) {
        precondition(
            errors.contains { $0.contains("'\(setting.path)'") }, "\(setting.path): \(value) was accepted; errors: \(errors)")
    }
    guard let opened else { return 0 }
    var rendered = Diagnostics()
    _ = opened.render(to: MemorySink(), diagnostics: &rendered)
    return 0
}
