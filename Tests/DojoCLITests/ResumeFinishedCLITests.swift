import DojoAgents
import Foundation
import Testing

@Suite("Resuming a finished run")
struct ResumeFinishedCLITests {
    @Test("without --steps it says the run is finished and changes nothing; --steps extends it")
    func finishedAndExtended() throws {
        let scratch = try Scratch()
        #expect(try scratch.dojo(tinyTrainArguments(run: "done", steps: 600)).status == 0)
        let metricsBefore = try scratch.read("runs/done/metrics.csv")
        let modelBefore = try Data(contentsOf: URL(fileURLWithPath: scratch.path("runs/done/model.safetensors")))

        let again = try scratch.dojo(["train", "--run", "done", "--resume"])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.contains("already finished its 600 steps"), "\(again.out)")
        #expect(try scratch.read("runs/done/metrics.csv") == metricsBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("runs/done/model.safetensors"))) == modelBefore)

        let extended = try scratch.dojo(["train", "--run", "done", "--resume", "--steps", "1200", "--quiet"])
        #expect(extended.status == 0, "\(extended.err)")
        let config = try DQNConfig(yaml: scratch.read("runs/done/config.yaml"), source: "config.yaml",
                                   ignoring: ["dojo_version", "algorithm"])
        #expect(config.totalSteps == 1200)
        // The first 600 steps' rows are kept as they were; new rows follow up to step 1200.
        let metricsAfter = try scratch.read("runs/done/metrics.csv")
        #expect(metricsAfter.hasPrefix(metricsBefore))
        let lastStep = metricsAfter.split(separator: "\n").last.flatMap { Int($0.split(separator: ",")[0]) } ?? 0
        #expect(lastStep > 600 && lastStep <= 1200)
    }
}
