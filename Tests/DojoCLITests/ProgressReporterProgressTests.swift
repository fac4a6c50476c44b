import Testing
@testable import DojoCLI

/// Collects everything a reporter writes.
final class Captured {
    var text = ""
    var writes = 0
    func sink(_ s: String) { text += s; writes += 1 }
}

func progress(_ step: Int, mean: Double? = 20, eps: Double = 0.5, loss: Double? = 0.25) -> TrainingProgress {
    TrainingProgress(step: step, episodes: step / 20, meanReturn: mean, epsilon: eps, loss: loss)
}

@Suite("ProgressReporter")
struct ProgressReporterProgressTests {
    @Test("plain mode: one line per tenth of the run, with every field, and a final line")
    func plainLines() {
        let clock = ManualClock(), out = Captured()
        var reporter = ProgressReporter(totalSteps: 1000, style: .plain, clock: clock, write: out.sink)
        for step in 1...1000 {
            clock.advance(by: 0.001)   // 1000 steps/s
            reporter.update(progress(step))
        }
        reporter.finish()
        let lines = out.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 11 && lines.last == "")   // 10 deciles, ends with "\n", no duplicate final line
        #expect(lines[0] == "100/1,000 (10.0%)  1,000 steps/s  return 20  eps 0.500  loss 0.25  ETA 0:00:01")
        #expect(lines[9].hasPrefix("1,000/1,000 (100.0%)  1,000 steps/s"))
        #expect(lines[9].hasSuffix("ETA 0:00:00"))
        #expect(!out.text.contains("\r") && !out.text.contains("\u{1B}"))
    }

    // Clock steps below are powers of two, so the fake times add up exactly.
    @Test("plain mode: a line every 10 s when deciles are far apart")
    func plainTimed() {
        let clock = ManualClock(), out = Captured()
        var reporter = ProgressReporter(totalSteps: 1_000_000, style: .plain, clock: clock, write: out.sink)
        for step in 1...300 {
            clock.advance(by: 0.125)   // 8 steps/s: 37.5 s in all, no decile crossed
            reporter.update(progress(step, mean: nil, loss: nil))
        }
        let lines = out.text.split(separator: "\n")
        #expect(lines.count == 3)
        // (1e6 - 80) / 8 = 124,990 s
        #expect(lines[0] == "80/1,000,000 (0.0%)  8 steps/s  return -  eps 0.500  loss -  ETA 34:43:10")
        #expect(lines[2].hasPrefix("240/1,000,000"))
    }

    @Test("live mode: \\r + text + ESC[K, throttled to 0.1 s apart, newline on finish")
    func liveThrottled() {
        let clock = ManualClock(), out = Captured()
        var reporter = ProgressReporter(totalSteps: 16_000, style: .live, clock: clock, columns: { 200 },
                                        write: out.sink)
        for update in 1...160 {
            clock.advance(by: 0.0625)  // 10 s in all; a draw is due every second update (0.125 s)
            reporter.update(progress(update * 100))
        }
        #expect(out.writes == 80)
        #expect(!out.text.contains("\n"))
        reporter.finish()
        let draws = out.text.split(separator: "\r", omittingEmptySubsequences: true)
        #expect(draws.count == 81)
        #expect(draws.allSatisfy { $0.contains("\u{1B}[K") })
        // 200 steps in 0.125 s = 1,600 steps/s; 15,800 steps left = 9.875 s
        // 1.25 % prints as "1.2" (printf rounds exact ties to even).
        #expect(draws[0] == "200/16,000 (1.2%)  1,600 steps/s  return 20  eps 0.500  loss 0.25  ETA 0:00:10\u{1B}[K")
        #expect(draws[80] == "16,000/16,000 (100.0%)  1,600 steps/s  return 20  eps 0.500  loss 0.25  ETA 0:00:00\u{1B}[K\n")
    }

    @Test("live mode: the line is cut to the terminal width so it never wraps")
    func liveWidth() {
        let clock = ManualClock(), out = Captured()
        var reporter = ProgressReporter(totalSteps: 100, style: .live, clock: clock, columns: { 30 }, write: out.sink)
        clock.advance(by: 1)
        reporter.update(progress(50))
        #expect(out.text == "\r50/100 (50.0%)  50 steps/s  r\u{1B}[K")   // 29 visible characters
    }

    @Test("note clears the live line first; quiet prints nothing")
    func noteAndQuiet() {
        let clock = ManualClock(), out = Captured()
        var live = ProgressReporter(totalSteps: 100, style: .live, clock: clock, write: out.sink)
        clock.advance(by: 1)
        live.update(progress(10))
        live.note("checkpoint saved")
        #expect(out.text.hasSuffix("\u{1B}[K\r\u{1B}[Kcheckpoint saved\n"))

        let silent = Captured()
        var quiet = ProgressReporter(totalSteps: 100, style: .quiet, clock: clock, write: silent.sink)
        for step in 1...100 { clock.advance(by: 1); quiet.update(progress(step)) }
        quiet.note("x")
        quiet.finish()
        #expect(silent.text.isEmpty)
    }

    @Test("steps/s follows a speed change smoothly (EMA with a 2 s time constant)")
    func smoothedRate() {
        let clock = ManualClock(), out = Captured()
        var reporter = ProgressReporter(totalSteps: 1_000_000, style: .live, clock: clock, columns: { 300 },
                                        write: out.sink)
        clock.advance(by: 1); reporter.update(progress(1000))      // 1000/s
        clock.advance(by: 1); reporter.update(progress(4000))      // instant 3000/s
        // alpha = 1 - e^(-1/2) = 0.393469; 1000 + 0.393469 * 2000 = 1786.9
        #expect(out.text.hasSuffix("4,000/1,000,000 (0.4%)  1,787 steps/s  return 20  eps 0.500  loss 0.25  ETA 0:09:17\u{1B}[K"))
    }

    @Test("durations print as h:mm:ss", arguments: [
        (0.0, "0:00:00"), (59.4, "0:00:59"), (59.6, "0:01:00"), (3599, "0:59:59"), (3600, "1:00:00"),
        (36_000 + 61, "10:01:01"), (-1, "-:--:--"), (.infinity, "-:--:--"), (.nan, "-:--:--"),
    ])
    func eta(seconds: Double, text: String) {
        #expect(NumberFormat.duration(seconds) == text)
    }

    @Test("resumed runs count progress from the checkpoint step")
    func resumed() {
        let clock = ManualClock(), out = Captured()
        var reporter = ProgressReporter(totalSteps: 1000, startStep: 500, style: .plain, clock: clock, write: out.sink)
        clock.advance(by: 1)
        reporter.update(progress(550))   // 5 % of the run in 1 s, still decile 5: nothing
        #expect(out.text.isEmpty)
        clock.advance(by: 1)
        reporter.update(progress(600))   // decile 6: 100 steps in 2 s
        #expect(out.text == "600/1,000 (60.0%)  50 steps/s  return 20  eps 0.500  loss 0.25  ETA 0:00:08\n")
    }
}
