import DojoNN
import Testing
@testable import DojoLearn

@Suite("CSV loading")
struct CSVLoadingTests {
    @Test("numeric features and a string label column load in header order")
    func loadsFeaturesAndLabels() throws {
        let text = "x1, label ,x2\n1.5,cat,2\n-3,dog,4e1\r\n\n0,cat,0\n"
        let data = try DataSet(table: CSVTable(parsing: text), label: "label")
        #expect(data.featureNames == ["x1", "x2"])
        #expect(data.features == Matrix([[1.5, 2], [-3, 40], [0, 0]]))
        #expect(data.labels == ["cat", "dog", "cat"])
        #expect(data.lineNumbers == [2, 3, 5])
    }

    @Test("quoted fields may hold commas, quotes and newlines")
    func quotedFields() throws {
        let table = try CSVTable(parsing: "a,\"b, c\"\n\"1\",\"say \"\"hi\"\"\nthere\"\n")
        #expect(table.header == ["a", "b, c"])
        #expect(table.rows == [["1", "say \"hi\"\nthere"]])
    }

    @Test("errors name what is wrong and where", arguments: [
        ("a,b,y\n1,2,p\n3,zz,q\n", "y", DataError.badValue(line: 3, column: "b", value: "zz")),
        ("a,b,y\n1,,p\n", "y", DataError.badValue(line: 2, column: "b", value: "")),
        ("a,b,y\n1,inf,p\n", "y", DataError.badValue(line: 2, column: "b", value: "inf")),
        ("a,b,y\n1,2,p\n", "target", DataError.missingColumn(name: "target", available: ["a", "b", "y"])),
        ("a,b,y\n1,2,p\n\n1,2\n", "y", DataError.raggedRow(line: 4, expected: 3, found: 2)),
        ("", "y", DataError.empty(source: "<data>")),
        ("\n\n", "y", DataError.empty(source: "<data>")),
        ("a,b,y\n", "y", DataError.noRows(source: "<data>")),
        ("a,a,y\n1,2,3\n", "y", DataError.duplicateColumn(name: "a")),
        ("a,y\n\"1,p\n", "y", DataError.unterminatedQuote(line: 2)),
        ("y\np\n", "y", DataError.noFeatures),
    ])
    func loadingErrors(text: String, label: String, expected: DataError) {
        #expect(throws: expected) { try DataSet(table: CSVTable(parsing: text), label: label) }
    }

    @Test("the bad-value message quotes line, column and value")
    func badValueMessage() {
        let error = DataError.badValue(line: 7, column: "petal", value: "n/a")
        #expect(error.description == "line 7, column 'petal': 'n/a' is not a number")
    }

    @Test("a missing file is reported by path")
    func missingFile() {
        #expect(throws: DataError.unreadable(path: "/nonexistent/x.csv", reason: "no such file")) {
            try CSVTable(contentsOf: "/nonexistent/x.csv")
        }
    }

    @Test("regression targets that are not numbers name their line")
    func badRegressionTarget() throws {
        let data = try DataSet(table: CSVTable(parsing: "a,y\n1,2.5\n2,high\n"), label: "y")
        #expect(throws: DataError.badValue(line: 3, column: "y", value: "high")) { try data.regressionTargets() }
    }

    @Test("a saved model's feature columns are picked by name, in its order")
    func selectsNamedColumns() throws {
        let table = try CSVTable(parsing: "b,y,a\n1,p,2\n")
        let data = try DataSet(table: table, features: ["a", "b"], label: "y", labelRequired: false)
        #expect(data.features == Matrix([[2, 1]]))
        let unlabeled = try DataSet(table: table, features: ["a"], label: "z", labelRequired: false)
        #expect(unlabeled.labels == nil)
    }
}

@Suite("Class encoding")
struct ClassEncodingTests {
    @Test("integer labels sort numerically, others lexicographically")
    func ordering() throws {
        #expect(ClassEncoding(fitting: ["10", "2", "2", "1"]).names == ["1", "2", "10"])
        #expect(ClassEncoding(fitting: ["b", "a", "c", "a"]).names == ["a", "b", "c"])
        let encoding = ClassEncoding(fitting: ["10", "2", "1"])
        #expect(try encoding.encode(["2", "10", "1"]) == [1, 2, 0])
    }

    @Test("an unseen class is an error naming its line")
    func unseenClass() {
        let encoding = ClassEncoding(names: ["a", "b"])
        #expect(throws: ClassEncodingError.unknownClass(label: "c", line: 4, column: "y", known: ["a", "b"])) {
            try encoding.encode(["a", "c"], lineNumbers: [2, 4], column: "y")
        }
    }
}
