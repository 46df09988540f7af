using System;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>The naive trainer for one recurrent kind; see <see cref="NaiveTrainer"/>.</summary>
/// <typeparam name="TCell">The recurrent kind's gate equations.</typeparam>
public sealed class NaiveTrainer<TCell> : NaiveTrainer
    where TCell : struct, INaiveTrainableCell
{
    private readonly int _inputSize;
    private readonly int _hiddenSize;
    private readonly NaiveTensor _inputWeights;
    private readonly NaiveTensor _recurrentWeights;
    private readonly NaiveTensor _inputBias;
    private readonly NaiveTensor _recurrentBias;
    private readonly NaiveTensor _headWeights;
    private readonly NaiveTensor _headBias;

    // The tape of one sequence: states h₀ … h_T and c₀ … c_T (h₀ = c₀ = 0), each step's record, each step's dL/dy.
    private readonly float[] _hidden;
    private readonly float[] _cell;
    private readonly float[] _records;
    private readonly float[] _outputGradients;

    private readonly float[] _fromInput;
    private readonly float[] _fromHidden;
    private readonly float[] _output;
    private readonly float[] _hiddenGradient;
    private readonly float[] _cellGradient;
    private readonly float[] _inputDeltas;
    private readonly float[] _hiddenDeltas;

    internal NaiveTrainer(ModelDescriptor descriptor, ReadOnlySpan<float> storage, int maxSteps)
        : this(descriptor, maxSteps, [
            NaiveTensor.Gather(descriptor, storage, "layers.0.weight_ih_l0"),
            NaiveTensor.Gather(descriptor, storage, "layers.0.weight_hh_l0"),
            NaiveTensor.Gather(descriptor, storage, "layers.0.bias_ih_l0"),
            NaiveTensor.Gather(descriptor, storage, "layers.0.bias_hh_l0"),
            NaiveTensor.Gather(descriptor, storage, "layers.1.weight"),
            NaiveTensor.Gather(descriptor, storage, "layers.1.bias"),
        ])
    {
    }

    private NaiveTrainer(ModelDescriptor descriptor, int maxSteps, NaiveTensor[] tensors)
        : base(tensors, descriptor.OutputSize, maxSteps)
    {
        _inputSize = descriptor.InputSize;
        _hiddenSize = descriptor.Layers[0].Size;
        (_inputWeights, _recurrentWeights, _inputBias, _recurrentBias, _headWeights, _headBias) =
            (tensors[0], tensors[1], tensors[2], tensors[3], tensors[4], tensors[5]);
        int gateRows = TCell.Gates * _hiddenSize;
        _hidden = new float[(maxSteps + 1) * _hiddenSize];
        _cell = new float[(maxSteps + 1) * _hiddenSize];
        _records = new float[maxSteps * TCell.RecordedPerUnit * _hiddenSize];
        _outputGradients = new float[maxSteps * OutputSize];
        _fromInput = new float[gateRows];
        _fromHidden = new float[gateRows];
        _output = new float[OutputSize];
        _hiddenGradient = new float[_hiddenSize];
        _cellGradient = new float[_hiddenSize];
        _inputDeltas = new float[gateRows];
        _hiddenDeltas = new float[gateRows];
    }

    /// <inheritdoc/>
    private protected override double AddSequenceGradients(TrainingBatch batch, int row, float scale)
    {
        double squaredErrors = Forward(batch, row, scale);
        Backward(batch, row);
        return squaredErrors;
    }

    /// <summary>Runs the sequence from the zero state, keeping the tape; writes dL/dy per step and returns the summed squared error.</summary>
    private double Forward(TrainingBatch batch, int row, float scale)
    {
        int size = _hiddenSize;
        int recordLength = TCell.RecordedPerUnit * size;
        Array.Clear(_hidden, 0, size);
        Array.Clear(_cell, 0, size);
        double squaredErrors = 0;
        for (int t = 0; t < batch.Steps; t++)
        {
            int sample = (row * batch.Steps) + t;
            ReadOnlySpan<float> previousHidden = _hidden.AsSpan(t * size, size);
            Span<float> hidden = _hidden.AsSpan((t + 1) * size, size);
            NaiveMath.Affine(_inputWeights.Values, _inputBias.Values, batch.Inputs.AsSpan(sample * _inputSize, _inputSize), _fromInput);
            NaiveMath.Affine(_recurrentWeights.Values, _recurrentBias.Values, previousHidden, _fromHidden);
            TCell.Forward(
                _fromInput, _fromHidden, previousHidden, _cell.AsSpan(t * size, size), hidden, _cell.AsSpan((t + 1) * size, size),
                _records.AsSpan(t * recordLength, recordLength));
            NaiveMath.Affine(_headWeights.Values, _headBias.Values, hidden, _output);
            for (int o = 0; o < OutputSize; o++)
            {
                float error = _output[o] - batch.Targets[(sample * OutputSize) + o];
                squaredErrors += error * error;
                _outputGradients[(t * OutputSize) + o] = 2f * error * scale;
            }
        }

        return squaredErrors;
    }

    /// <summary>Backpropagation through time over the tape, from the last step to the first, adding into the gradients.</summary>
    private void Backward(TrainingBatch batch, int row)
    {
        int size = _hiddenSize;
        int recordLength = TCell.RecordedPerUnit * size;
        Array.Clear(_hiddenGradient);
        Array.Clear(_cellGradient);
        for (int t = batch.Steps - 1; t >= 0; t--)
        {
            int sample = (row * batch.Steps) + t;
            ReadOnlySpan<float> input = batch.Inputs.AsSpan(sample * _inputSize, _inputSize);
            ReadOnlySpan<float> previousHidden = _hidden.AsSpan(t * size, size);
            ReadOnlySpan<float> outputGradient = _outputGradients.AsSpan(t * OutputSize, OutputSize);

            // y = W_d h + b_d; dL/dh is then this step's share plus what flowed back from step t + 1
            NaiveBackprop.AddOuterProduct(_headWeights.Gradient, outputGradient, _hidden.AsSpan((t + 1) * size, size));
            NaiveBackprop.Add(_headBias.Gradient, outputGradient);
            NaiveBackprop.AddTransposedProduct(_headWeights.Values, outputGradient, _hiddenGradient);

            TCell.Backward(
                _records.AsSpan(t * recordLength, recordLength), previousHidden, _cell.AsSpan(t * size, size),
                _hiddenGradient, _cellGradient, _inputDeltas, _hiddenDeltas);
            NaiveBackprop.AddOuterProduct(_inputWeights.Gradient, _inputDeltas, input);
            NaiveBackprop.Add(_inputBias.Gradient, _inputDeltas);
            NaiveBackprop.AddOuterProduct(_recurrentWeights.Gradient, _hiddenDeltas, previousHidden);
            NaiveBackprop.Add(_recurrentBias.Gradient, _hiddenDeltas);
            NaiveBackprop.AddTransposedProduct(_recurrentWeights.Values, _hiddenDeltas, _hiddenGradient);
        }
    }
}
