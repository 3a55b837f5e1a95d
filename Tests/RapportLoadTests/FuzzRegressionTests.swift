import Foundation
import RapportCore
import RapportTestSupport
import Testing

@testable import RapportLoad

/// Replays every input the fuzzer (fuzz/run) ever crashed on, plus the bad-CSV
/// corpus, with the properties the fuzz target checks: the reader either
/// reports a positioned error or returns records that survive being written
/// with CSVWriter and read back; parsed dates and amounts print and re-parse
/// to themselves.
@Suite struct FuzzRegressionTests {
    static let inputs: [String] = {
        let directories = ["fuzz-regressions", "bad-csv"].map { Fixtures.directory + "/" + $0 }
        return directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map {
                directory + "/" + $0
            }
        }
    }()

    func read(_ bytes: [UInt8]) -> [[String]]? {
        let reader = CSVReader(bytes: bytes)
        var records: [[String]] = []
        do {
            while try reader.next() { records.append(reader.fields) }
        } catch {
            #expect(error.line >= 1 && error.column >= 1)
            return nil
        }
        return records.filter { !($0.count == 1 && $0[0].isEmpty) }
    }

    @Test(arguments: inputs) func replays(_ path: String) throws {
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        if let records = read(bytes), let header = records.first {
            var writer = CSVWriter(header: header)
            for record in records.dropFirst() { writer.append(record) }
            let again = read(Array(writer.text.utf8))
            #expect(again == records, "\(path): \(records) became \(String(describing: again))")
        }
        let date = DateFormat(validating: "M/D/YYYY")!
        bytes.withUnsafeBufferPointer { input in
            if let day = date.parse(input) { #expect(Day(iso: day.iso) == day) }
            if case .success(let money) = NumberFormat(thousands: UInt8(ascii: ",")).money(input) {
                var plain = money.plain
                #expect(plain.withUTF8 { NumberFormat().money($0) } == .success(money))
            }
        }
    }

    @Test func corpusIsNotEmpty() {
        #expect(Self.inputs.count >= 15)
    }

    /// The minimized corpus of a fuzz run (hundreds of small inputs that
    /// together reach every branch the fuzzer found), replayed in one test.
    @Test func replaysTheMinimizedFuzzCorpus() throws {
        let directory = Fixtures.directory + "/fuzz-corpus"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names.count > 50)
        for name in names {
            try replays(directory + "/" + name)
        }
    }
}
