import Foundation
import RapportCore
import RapportSample
import RapportTestSupport
import Testing

@testable import RapportLoad
@testable import RapportRender

@Suite struct CSVReaderTests {
    struct Record: Equatable {
        var fields: [String]
        var line: Int
        var starts: [Int]
    }

    static func records(_ reader: CSVReader) throws -> [Record] {
        var result: [Record] = []
        while try reader.next() {
            result.append(
                Record(
                    fields: reader.fields, line: reader.recordLine,
                    starts: (0..<reader.fieldCount).map { reader.location(of: $0).column }))
        }
        return result
    }

    func records(_ text: String) throws -> [Record] {
        try Self.records(CSVReader(bytes: Array(text.utf8)))
    }

    func syntaxError(_ bytes: [UInt8]) -> CSVSyntaxError? {
        let reader = CSVReader(bytes: bytes)
        do {
            while try reader.next() {}
        } catch {
            return error
        }
        return nil
    }

    @Test func readsQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let rows = try records("id,name,note\n1,\"Gamma, Inc.\",\"said \"\"hi\"\"\nthen left\"\n2,plain,\n")
        #expect(
            rows.map(\.fields) == [
                ["id", "name", "note"], ["1", "Gamma, Inc.", "said \"hi\"\nthen left"], ["2", "plain", ""],
            ])
        #expect(rows.map(\.line) == [1, 2, 4])
        // "plain" starts at character 3 of line 4; the quoted name at its quote.
        #expect(rows[2].starts == [1, 3, 9])
        #expect(rows[1].starts == [1, 3, 17])
    }

    @Test func acceptsCRLFAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n".utf8)
        #expect(try Self.records(CSVReader(bytes: bytes)).map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let rows = try records("é,ü,x\n")
        #expect(rows[0].starts == [1, 3, 5])
    }

    @Test func unclosedQuotePointsAtTheLineWhereTheFieldOpened() {
        let error = syntaxError(Array("a,b\n1,\"open\n2,3\n4,5\n".utf8))
        #expect(error?.kind == .unclosedQuote)
        #expect(error?.line == 2)
        #expect(error?.column == 3)
    }

    @Test func strayQuotesAreErrors() {
        #expect(syntaxError(Array("a\nab\"c\n".utf8))?.kind == .strayQuote)
        let afterClose = syntaxError(Array("a,b\n\"x\"y,2\n".utf8))
        #expect(afterClose?.kind == .strayQuote)
        #expect(afterClose?.line == 2 && afterClose?.column == 4)
    }

    @Test func invalidUTF8IsAnError() {
        let error = syntaxError(Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.line == 2 && error?.column == 3)
    }

    @Test func trailingCommaAndEmptyFields() throws {
        #expect(try records("a,b,\n,,\n").map(\.fields) == [["a", "b", ""], ["", "", ""]])
        #expect(try records("a,").map(\.fields) == [["a", ""]])
        #expect(try records("").isEmpty)
        #expect(try records("\"\"").map(\.fields) == [[""]])
    }

    /// Random tables written with CSVWriter read back identically, from memory
    /// and streamed from disk in chunks of 1 to 64 bytes, so that every
    /// state of the reader meets a chunk boundary.
    @Test func roundTripsThroughTheWriterAcrossChunkBoundaries() throws {
        var random = SeededRandom(seed: 42)
        let alphabet = ["a", "b", "Z", "0", " ", ",", "\"", "\n", "\r\n", "é", "€", ";", "\t"]
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for round in 0..<200 {
            let columns = random.int(1...5)
            var table: [[String]] = []
            for _ in 0..<random.int(1...6) {
                table.append(
                    (0..<columns).map { _ in (0..<random.int(0...6)).map { _ in random.pick(alphabet) }.joined() })
            }
            // A record of one empty field is a blank line, which readers skip.
            if columns == 1 { table = table.map { $0 == [""] ? ["x"] : $0 } }
            var writer = CSVWriter(header: table[0])
            for row in table.dropFirst() { writer.append(row) }
            #expect(try records(writer.text).map(\.fields) == table, "round \(round): \(writer.text.debugDescription)")
            let path = directory + "/t.csv"
            try Data(writer.text.utf8).write(to: URL(fileURLWithPath: path))
            let chunk = random.int(1...64)
            let streamed = try Self.records(CSVReader(path: path, chunkSize: chunk))
            #expect(streamed == (try records(writer.text)), "round \(round), chunk \(chunk)")
        }
    }

    @Test func errorsAreTheSameWhenStreamed() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.csv"
        try Data("id,name\n1,ok\n2,\"open\n3,x\n".utf8).write(to: URL(fileURLWithPath: path))
        for chunk in [1, 2, 3, 5, 8, 1 << 20] {
            let reader = try CSVReader(path: path, chunkSize: chunk)
            #expect(
                throws: CSVSyntaxError(
                    kind: .unclosedQuote, line: 3, column: 3, message: "quoted field opened here is never closed")
            ) {
                while try reader.next() {}
            }
        }
    }

    @Test func hugeFieldIsAnError() {
        let big = String(repeating: "x", count: CSVReader.maxFieldBytes + 1)
        #expect(syntaxError(Array("a\n\(big)\n".utf8))?.kind == .fieldTooLarge)
    }
}
