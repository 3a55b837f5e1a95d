// libFuzzer entry point for the byte-level parsers: the CSV reader, date
// formats, number formats, the YAML key scan and the Markdown limits. Built by fuzz/run (not part of the package).
// Besides "does not crash", it checks properties that must hold for every
// input the parsers accept.
import RapportCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParsers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzCSV(bytes)
    bytes.withUnsafeBufferPointer { input in
        fuzzDates(input)
        fuzzNumbers(input)
    }
    fuzzYAMLKeys(bytes)
    fuzzMarkdownLimits(bytes)
    return 0
}

/// The Markdown limits' pass ends on any text and names lines inside it.
func fuzzMarkdownLimits(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).count
    for problem in MarkdownLimits.problems(in: text, firstLine: 3) {
        precondition(problem.line >= 3 && problem.line < lines + 3, "line \(problem.line) outside the text")
    }
}

/// The YAML key scan ends on any text and places each problem inside it.
func fuzzYAMLKeys(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    // Lines end at "\n" alone, as in the scan (a Character "\r\n" is not "\n").
    let lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false)
    for problem in YAMLKeyScan.problems(in: text) {
        precondition(problem.line >= 1 && problem.line <= lines.count, "line \(problem.line) outside the text")
        let characters = lines[problem.line - 1].count { $0 & 0xC0 != 0x80 }
        precondition(
            problem.column >= 1 && problem.column <= characters + 1, "column \(problem.column) outside line \(problem.line)")
    }
}

func readAll(_ reader: CSVReader) -> [[String]]? {
    var records: [[String]] = []
    do {
        while try reader.next() {
            for index in 0..<reader.fieldCount {
                let location = reader.location(of: index)
                precondition(location.line >= reader.recordLine && location.column >= 1)
            }
            records.append(reader.fields)
        }
    } catch {
        precondition(error.line >= 1 && error.column >= 1, "error without a position: \(error)")
        return nil
    }
    return records
}

/// Whatever parses must survive writing out with RFC 4180 quoting and reading back.
func fuzzCSV(_ bytes: [UInt8]) {
    guard let records = readAll(CSVReader(bytes: bytes)) else { return }
    var writer = CSVWriter(header: [])
    for record in records where !(record.count == 1 && record[0].isEmpty) { writer.append(record) }
    // CSVWriter's header line is empty here: drop it.
    let text = String(writer.text.dropFirst())
    let kept = records.filter { !($0.count == 1 && $0[0].isEmpty) }
    let again = readAll(CSVReader(bytes: Array(text.utf8)))
    precondition(again == kept, "round trip changed the records")
}

let formats = ["YYYY-MM-DD", "M/D/YYYY", "DD.MM.YYYY", "D-MMM-YYYY", "YYYY-MM-DDThh:mm:ssZ"].map {
    DateFormat(validating: $0)!
}

/// A parsed date is a real date whose ISO form parses back to itself.
func fuzzDates(_ input: UnsafeBufferPointer<UInt8>) {
    for format in formats {
        guard let day = format.parse(input) else { continue }
        let (year, month, dayOfMonth) = day.components
        precondition(Day(year: year, month: month, day: dayOfMonth) == day)
        precondition(Day(iso: day.iso) == day)
    }
    _ = DateReading.read(input, formats: formats)
}

let numberFormats = [
    NumberFormat(),
    NumberFormat(thousands: UInt8(ascii: ","), currencySymbols: ["$", "USD"]),
    NumberFormat(decimal: UInt8(ascii: ","), thousands: UInt8(ascii: "."), currencySymbols: ["€"]),
]

/// A parsed amount printed plainly parses back to the same cents.
func fuzzNumbers(_ input: UnsafeBufferPointer<UInt8>) {
    for format in numberFormats {
        if case .success(let money) = format.money(input) {
            var plain = money.plain
            let again = plain.withUTF8 { NumberFormat().money($0) }
            precondition(again == .success(money), "\(money.plain) did not parse back")
        }
        _ = format.integer(input)
    }
}
