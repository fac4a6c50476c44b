import DojoNN
import DojoRandom

/// One epoch's numbers, handed to the caller's progress sink.
public struct EpochReport: Sendable {
    public var epoch: Int
    /// Mean training loss over the epoch's batches (without the L1/L2 penalty).
    public var trainLoss: Double
    /// Loss on the validation set after the epoch, when there is one.
    public var validationLoss: Double?
}

/// What happened during training.
public struct TrainingHistory: Sendable {
    public var trainLoss: [Double] = []
    public var validationLoss: [Double] = []
    /// The epoch (1-based) whose weights the network holds at the end: the best validation epoch,
    /// or the last epoch without validation data.
    public var bestEpoch = 0
    /// True when early stopping ended training before `epochs`.
    public var stoppedEarly = false
    public var epochsRun: Int { trainLoss.count }
}

/// The mini-batch training loop shared by the classifier, the regressor and the autoencoder.
///
/// Each epoch: shuffle, and for each batch run forward (training mode, so dropout is active),
/// take the loss gradient, backward, optionally clip, step the optimizer (which adds the L1/L2
/// gradient). After the epoch, the validation loss (inference mode) drives early stopping:
/// the parameters of the best epoch are kept aside and put back when training ends.
enum NetworkTrainer {
    static func train(
        _ network: inout Sequential, loss: Loss,
        inputs: Matrix, targets: Matrix,
        validation: (inputs: Matrix, targets: Matrix)?,
        settings: TrainingSettings,
        using rng: inout SeededGenerator,
        progress: ((EpochReport) -> Void)? = nil
    ) -> TrainingHistory {
        precondition(inputs.rows == targets.rows, "train: \(inputs.rows) inputs but \(targets.rows) targets")
        precondition(inputs.rows > 0, "train: no training rows")
        var optimizer = settings.optimizer.make(
            learningRate: settings.resolvedLearningRate,
            regularization: Regularization(l1: settings.l1, l2: settings.l2))
        var history = TrainingHistory()
        var best = (loss: Double.infinity, parameters: network.parameters, epoch: 0)
        var waited = 0
        var batchInputs = Matrix(rows: 0, cols: inputs.cols)
        var batchTargets = Matrix(rows: 0, cols: targets.cols)
        var gradient = Matrix(rows: 0, cols: targets.cols)

        for epoch in 1...settings.epochs {
            var total = 0.0
            var seen = 0
            for batch in MiniBatches(count: inputs.rows, batchSize: settings.batchSize, shuffle: true, using: &rng) {
                inputs.gatherRows(batch, into: &batchInputs)
                targets.gatherRows(batch, into: &batchTargets)
                let output = network.forward(batchInputs, training: true, using: &rng)
                total += Double(loss.value(output, batchTargets)) * Double(batch.count)
                seen += batch.count
                loss.gradient(output, batchTargets, into: &gradient)
                network.backward(gradient)
                if let clip = settings.clipNorm { network.clipGradients(maxNorm: clip) }
                optimizer.step(&network)
            }
            let trainLoss = total / Double(seen)
            history.trainLoss.append(trainLoss)

            guard let validation else {
                history.bestEpoch = epoch
                progress?(EpochReport(epoch: epoch, trainLoss: trainLoss, validationLoss: nil))
                continue
            }
            let validationLoss = evaluate(&network, loss: loss, inputs: validation.inputs, targets: validation.targets)
            history.validationLoss.append(validationLoss)
            progress?(EpochReport(epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss))
            if validationLoss < best.loss - settings.minDelta {
                best = (validationLoss, network.parameters, epoch)
                waited = 0
            } else {
                waited += 1
                if let patience = settings.patience, waited >= patience {
                    history.stoppedEarly = epoch < settings.epochs
                    break
                }
            }
        }
        if validation != nil && best.epoch > 0 {
            // The best epoch may be the last one; restoring is then a no-op.
            network.parameters = best.parameters
            history.bestEpoch = best.epoch
        }
        return history
    }

    /// The loss of the network on a whole data set, in inference mode (batches of 1024 rows).
    static func evaluate(_ network: inout Sequential, loss: Loss, inputs: Matrix, targets: Matrix) -> Double {
        guard inputs.rows > 0 else { return 0 }
        var total = 0.0
        var start = 0
        while start < inputs.rows {
            let end = min(start + 1024, inputs.rows)
            let rows = Array(start..<end)
            let output = network.forward(inputs.gatherRows(rows), training: false)
            total += Double(loss.value(output, targets.gatherRows(rows))) * Double(rows.count)
            start = end
        }
        return total / Double(inputs.rows)
    }

    /// The network's outputs for every row (inference mode, batches of 1024 rows).
    static func predict(_ network: inout Sequential, _ inputs: Matrix) -> Matrix {
        var out = Matrix(rows: inputs.rows, cols: network.outputSize)
        var start = 0
        while start < inputs.rows {
            let end = min(start + 1024, inputs.rows)
            let output = network.forward(inputs.gatherRows(start..<end), training: false)
            for i in 0..<output.count { out.storage[start * out.cols + i] = output.storage[i] }
            start = end
        }
        return out
    }
}
