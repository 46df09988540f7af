using System;
using Microsoft.ML.OnnxRuntime;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Peers.Engines;

/// <summary>
/// ONNX Runtime (CPU execution provider, one thread, every graph optimization) running the model's ONNX graph:
/// inputs x [1, T, I], h0 and c0 [1, 1, H]; outputs y [1, T, O], hn and cn [1, 1, H] (tools/make_peer_models.py).
/// Every tensor wraps a preallocated array, so a run copies nothing in or out of managed memory.
/// </summary>
public sealed class OnnxRuntimeEngine : IEngine
{
    private static readonly string[] InputNames = ["x", "h0", "c0"];
    private static readonly string[] OutputNames = ["y", "hn", "cn"];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly int _inputSize;
    private readonly int _hiddenSize;
    private readonly int _outputSize;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly StateBuffers _even;
    private readonly StateBuffers _odd;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    // Run's arguments for a step whose state is in _even (and goes to _odd), and the other way round; built once
    // so that a step allocates nothing on the managed side.
    private readonly OrtValue[] _inputsFromEven;
    private readonly OrtValue[] _outputsToOdd;
    private readonly OrtValue[] _inputsFromOdd;
    private readonly OrtValue[] _outputsToEven;
    private bool _stateInOdd;
    private SequenceBuffers? _sequence;

    /// <summary>Opens <paramref name="onnxPath"/> for a model of <paramref name="descriptor"/>'s sizes.</summary>
    public OnnxRuntimeEngine(ModelDescriptor descriptor, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(onnxPath, options);
        _inputSize = descriptor.InputSize;
        _hiddenSize = descriptor.Layers[0].Size;
        _outputSize = descriptor.OutputSize;
        _input = new float[_inputSize];
        _output = new float[_outputSize];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [1, 1, _inputSize]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [1, 1, _outputSize]);
        _even = new StateBuffers(_hiddenSize);
        _odd = new StateBuffers(_hiddenSize);
        _inputsFromEven = [_inputValue, _even.Hidden, _even.Cell];
        _outputsToOdd = [_outputValue, _odd.Hidden, _odd.Cell];
        _inputsFromOdd = [_inputValue, _odd.Hidden, _odd.Cell];
        _outputsToEven = [_outputValue, _even.Hidden, _even.Cell];
    }

    /// <inheritdoc/>
    public string Name => "ONNX Runtime";

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> input, Span<float> output)
    {
        // The state goes in from one pair of buffers and comes out into the other; the next step swaps them.
        input.CopyTo(_input);
        if (_stateInOdd)
        {
            _session.Run(_runOptions, InputNames, _inputsFromOdd, OutputNames, _outputsToEven);
        }
        else
        {
            _session.Run(_runOptions, InputNames, _inputsFromEven, OutputNames, _outputsToOdd);
        }

        _stateInOdd = !_stateInOdd;
        _output.CopyTo(output);
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int steps = inputs.Length / _inputSize;
        if (_sequence is null || _sequence.Steps != steps)
        {
            _sequence?.Dispose();
            _sequence = new SequenceBuffers(steps, _inputSize, _hiddenSize, _outputSize);
        }

        inputs.CopyTo(_sequence.Input);
        _session.Run(_runOptions, InputNames, _sequence.Inputs, OutputNames, _sequence.Outputs);
        _sequence.Output.AsSpan().CopyTo(outputs);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _even.Clear();
        _odd.Clear();
        _stateInOdd = false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sequence?.Dispose();
        _even.Dispose();
        _odd.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>h and c, [1, 1, H] each.</summary>
    private sealed class StateBuffers : IDisposable
    {
        private readonly float[] _hidden;
        private readonly float[] _cell;

        public StateBuffers(int hiddenSize)
        {
            _hidden = new float[hiddenSize];
            _cell = new float[hiddenSize];
            Hidden = OrtValue.CreateTensorValueFromMemory(_hidden, [1, 1, hiddenSize]);
            Cell = OrtValue.CreateTensorValueFromMemory(_cell, [1, 1, hiddenSize]);
        }

        public OrtValue Hidden { get; }

        public OrtValue Cell { get; }

        public void Clear()
        {
            Array.Clear(_hidden);
            Array.Clear(_cell);
        }

        public void Dispose()
        {
            Hidden.Dispose();
            Cell.Dispose();
        }
    }

    /// <summary>A whole sequence's input and output, a zero initial state and somewhere for the final one.</summary>
    private sealed class SequenceBuffers : IDisposable
    {
        public SequenceBuffers(int steps, int inputSize, int hiddenSize, int outputSize)
        {
            Steps = steps;
            Input = new float[steps * inputSize];
            Output = new float[steps * outputSize];
            InputValue = OrtValue.CreateTensorValueFromMemory(Input, [1, steps, inputSize]);
            OutputValue = OrtValue.CreateTensorValueFromMemory(Output, [1, steps, outputSize]);
            Zero = new StateBuffers(hiddenSize);
            Final = new StateBuffers(hiddenSize);
            Inputs = [InputValue, Zero.Hidden, Zero.Cell];
            Outputs = [OutputValue, Final.Hidden, Final.Cell];
        }

        public int Steps { get; }

        public float[] Input { get; }

        public float[] Output { get; }

        public OrtValue InputValue { get; }

        public OrtValue OutputValue { get; }

        public StateBuffers Zero { get; }

        public StateBuffers Final { get; }

        /// <summary>Run's inputs: x, h0 = 0, c0 = 0.</summary>
        public OrtValue[] Inputs { get; }

        /// <summary>Run's outputs: y, hn, cn.</summary>
        public OrtValue[] Outputs { get; }

        public void Dispose()
        {
            InputValue.Dispose();
            OutputValue.Dispose();
            Zero.Dispose();
            Final.Dispose();
        }
    }
}
