import Foundation

/// The text of a comma-separated file: a header row of column names and rows of fields.
///
/// Follows RFC 4180: fields may be quoted with `"`, a quoted field may hold commas, newlines and
/// doubled quotes (`""` for one `"`). Unquoted fields are trimmed of spaces and tabs. Lines end in
/// LF or CRLF; blank lines are skipped. Every row must have as many fields as the header.
public struct CSVTable: Equatable, Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// The file line each row starts on (the header is line 1), for error messages.
    public var lineNumbers: [Int]

    /// Parses `text`; `source` names it in errors (a path, or "<data>").
    public init(parsing text: String, source: String = "<data>") throws {
        var records = try CSVTable.records(in: text)
        guard !records.isEmpty else { throw DataError.empty(source: source) }
        let headerRecord = records.removeFirst()
        header = headerRecord.fields
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw DataError.duplicateColumn(name: name)
        }
        guard !records.isEmpty else { throw DataError.noRows(source: source) }
        for record in records where record.fields.count != header.count {
            throw DataError.raggedRow(line: record.line, expected: header.count, found: record.fields.count)
        }
        rows = records.map(\.fields)
        lineNumbers = records.map(\.line)
    }

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path)
                ? "not readable UTF-8 text" : "no such file"
            throw DataError.unreadable(path: path, reason: reason)
        }
        try self.init(parsing: text, source: path)
    }

    /// The position of column `name` in the header.
    public func columnIndex(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw DataError.missingColumn(name: name, available: header)
        }
        return index
    }

    private struct Record { var fields: [String]; var line: Int }

    /// Splits text into records, tracking the line each starts on.
    private static func records(in text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var wasQuoted = false
        var line = 1
        var recordLine = 1
        var recordHasContent = false

        func finishField() {
            var bytes = field[...]
            if !wasQuoted {
                while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
                while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
            }
            fields.append(String(decoding: bytes, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func finishRecord() {
            finishField()
            // A line holding nothing at all is blank, not a one-field row.
            if recordHasContent { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case 0x22:
                    inQuotes = true
                    wasQuoted = true
                    recordHasContent = true
                    field.removeAll(keepingCapacity: true)
                case 0x2C:
                    recordHasContent = true
                    finishField()
                case 0x0A:
                    finishRecord()
                    line += 1
                    recordLine = line
                case 0x0D:
                    break
                default:
                    if byte != 0x20 && byte != 0x09 { recordHasContent = true }
                    field.append(byte)
                }
            }
            i += 1
        }
        if inQuotes { throw DataError.unterminatedQuote(line: recordLine) }
        finishRecord()
        return records
    }
}
