import DojoNN
import DojoRandom
import Foundation
import Testing
@testable import DojoLearn

@Suite("Preprocessing")
struct PreprocessingTests {
    @Test("standardization uses train means and population stds; constant columns map to 0")
    func standardizer() throws {
        let train = Matrix([[1, 10, 0], [3, 10, 4], [5, 10, 8]])
        let scaler = Standardizer(fitting: train)
        #expect(scaler.means == [3, 10, 4])
        // Population std of [1,3,5] is sqrt(8/3); of [0,4,8] it is sqrt(32/3).
        #expect(abs(scaler.stds[0] - Float((8.0 / 3).squareRoot())) < 1e-6)
        #expect(scaler.stds[1] == 1)
        let test = scaler.transform(Matrix([[3, 12, 4 + Float((32.0 / 3).squareRoot())]]))
        #expect(abs(test[0, 0]) < 1e-6 && abs(test[0, 1] - 2) < 1e-6 && abs(test[0, 2] - 1) < 1e-5)
        let decoded = try JSONDecoder().decode(Standardizer.self, from: JSONEncoder().encode(scaler))
        #expect(decoded == scaler)
    }

    @Test("stratified split keeps class proportions, is disjoint, complete and seeded")
    func stratifiedSplit() {
        let classes = Array(repeating: 0, count: 70) + Array(repeating: 1, count: 30)
        var rng = SeededGenerator(seed: 5)
        let split = DataSplit(count: 100, classes: classes, validationFraction: 0.1, testFraction: 0.2, using: &rng)
        #expect(split.test.filter { classes[$0] == 0 }.count == 14)
        #expect(split.test.filter { classes[$0] == 1 }.count == 6)
        #expect(split.validation.filter { classes[$0] == 0 }.count == 7)
        #expect(split.validation.filter { classes[$0] == 1 }.count == 3)
        #expect(split.train.count == 70)
        #expect((split.train + split.validation + split.test).sorted() == Array(0..<100))
        var again = SeededGenerator(seed: 5)
        #expect(DataSplit(count: 100, classes: classes, validationFraction: 0.1, testFraction: 0.2, using: &again) == split)
        var other = SeededGenerator(seed: 6)
        #expect(DataSplit(count: 100, classes: classes, validationFraction: 0.1, testFraction: 0.2, using: &other) != split)
    }

    @Test("mini-batches cover every row once per epoch, last batch short")
    func miniBatches() {
        var rng = SeededGenerator(seed: 1)
        let batches = Array(MiniBatches(count: 10, batchSize: 4, shuffle: true, using: &rng))
        #expect(batches.map(\.count) == [4, 4, 2])
        let all = batches.flatMap { $0 }
        #expect(all.sorted() == Array(0..<10))
        #expect(all != Array(0..<10))
        let ordered = Array(MiniBatches(count: 5, batchSize: 2, shuffle: false, using: &rng)).flatMap { $0 }
        #expect(ordered == [0, 1, 2, 3, 4])
    }

    @Test("gathering rows copies them in the asked order")
    func gatherRows() {
        let m = Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(m.gatherRows([2, 0]) == Matrix([[5, 6], [1, 2]]))
    }
}
