import DojoNN

/// Numeric features (one example per row) with an optional label column kept as text.
///
/// Labels stay strings here because the task decides what they mean: class names for
/// classification (`ClassEncoding`), numbers for regression (`regressionTargets()`).
public struct DataSet: Sendable {
    public var featureNames: [String]
    /// n x d, row i is example i.
    public var features: Matrix
    public var labelName: String?
    /// The label field of each row, or nil when the data has no label column.
    public var labels: [String]?
    /// The file line of each row, so later parsing errors can still name it.
    public var lineNumbers: [Int]

    public var count: Int { features.rows }

    public init(featureNames: [String], features: Matrix, labelName: String? = nil,
                labels: [String]? = nil, lineNumbers: [Int]? = nil) {
        precondition(featureNames.count == features.cols,
                     "DataSet: \(featureNames.count) names for \(features.cols) feature columns")
        precondition(labels == nil || labels?.count == features.rows,
                     "DataSet: \(labels?.count ?? 0) labels for \(features.rows) rows")
        self.featureNames = featureNames
        self.features = features
        self.labelName = labelName
        self.labels = labels
        self.lineNumbers = lineNumbers ?? Array(2..<(2 + features.rows))
    }

    /// Every column except `label` becomes a feature, in header order.
    public init(table: CSVTable, label: String?) throws {
        var names = table.header
        if let label {
            _ = try table.columnIndex(label)
            names.removeAll { $0 == label }
        }
        guard !names.isEmpty else { throw DataError.noFeatures }
        try self.init(table: table, features: names, label: label)
    }

    /// The named columns become features (in the given order, as a saved model expects them);
    /// `label`, if given and present, becomes the label column. Missing feature columns throw.
    public init(table: CSVTable, features names: [String], label: String?, labelRequired: Bool = true) throws {
        let columns = try names.map { try table.columnIndex($0) }
        var labelColumn: Int?
        if let label {
            if labelRequired {
                labelColumn = try table.columnIndex(label)
            } else {
                labelColumn = table.header.firstIndex(of: label)
            }
        }
        var storage = [Float]()
        storage.reserveCapacity(table.rows.count * columns.count)
        for (r, row) in table.rows.enumerated() {
            for (j, c) in columns.enumerated() {
                guard let value = Float(row[c]), value.isFinite else {
                    throw DataError.badValue(line: table.lineNumbers[r], column: names[j], value: row[c])
                }
                storage.append(value)
            }
        }
        self.init(featureNames: names,
                  features: Matrix(rows: table.rows.count, cols: columns.count, storage),
                  labelName: labelColumn == nil ? nil : label,
                  labels: labelColumn.map { c in table.rows.map { $0[c] } },
                  lineNumbers: table.lineNumbers)
    }

    /// Reads a CSV file; see `init(table:label:)`.
    public init(contentsOf path: String, label: String?) throws {
        try self.init(table: CSVTable(contentsOf: path), label: label)
    }

    /// The label column parsed as numbers (regression targets).
    public func regressionTargets() throws -> [Float] {
        guard let labels, let labelName else {
            throw DataError.missingColumn(name: self.labelName ?? "(label)", available: featureNames)
        }
        return try labels.enumerated().map { i, text in
            guard let value = Float(text), value.isFinite else {
                throw DataError.badValue(line: lineNumbers[i], column: labelName, value: text)
            }
            return value
        }
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> DataSet {
        DataSet(featureNames: featureNames,
                features: features.gatherRows(indices),
                labelName: labelName,
                labels: labels.map { all in indices.map { all[$0] } },
                lineNumbers: indices.map { lineNumbers[$0] })
    }
}
