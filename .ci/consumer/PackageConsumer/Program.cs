using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RnnCodegen;

// Uses the packed RnnCodegen package as an app would: the generator must run (the model gets its members), the
// runtime must train, save and load, and the build the package adds must pick the widest SIMD path the CPU has.
// Exits with 1 and says why on the first thing that is wrong.

// The generated kernels choose their path with these same two properties.
string path = Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
Console.WriteLine($"SIMD path: {path}");

// CPUID leaf 1 ECX bit 12 is FMA, leaf 7 EBX bit 5 is AVX2: the instruction sets of x86-64-v3 that the Vector256
// path needs. X86Base is part of every x64 baseline, so this works whatever the app was compiled for.
bool cpuHasAvx2AndFma = X86Base.IsSupported
    && (X86Base.CpuId(1, 0).Ecx & (1 << 12)) != 0
    && (X86Base.CpuId(7, 0).Ebx & (1 << 5)) != 0;
if (cpuHasAvx2AndFma && path != "Vector256")
{
    return Fail($"the CPU has AVX2 and FMA but the model runs the {path} path");
}

const int BatchSize = 4;
const int Steps = 32;
var model = new Forecaster(seed: 1);
float[] inputs = new float[BatchSize * Steps * Forecaster.InputSize];
float[] targets = new float[BatchSize * Steps * Forecaster.OutputSize];
for (int i = 0; i < inputs.Length; i++)
{
    inputs[i] = MathF.Sin(0.3f * i);
    targets[i] = MathF.Sin(0.3f * (i + 1));
}

using (var trainer = new Trainer<Forecaster>(model, new Adam(learningRate: 1e-2f), Loss.MeanSquaredError,
    new TrainerOptions { MaxSequenceLength = Steps }))
{
    float first = trainer.TrainBatch(inputs, targets, BatchSize, Steps);
    float last = first;
    for (int batch = 0; batch < 50; batch++)
    {
        last = trainer.TrainBatch(inputs, targets, BatchSize, Steps);
    }

    Console.WriteLine($"training MSE {first:F5} -> {last:F5}");
    if (!(last < first / 2))
    {
        return Fail("50 Adam steps did not halve the training loss");
    }
}

Span<float> output = stackalloc float[Forecaster.OutputSize];
model.Step([0.5f], output);
long before = GC.GetAllocatedBytesForCurrentThread();
for (int i = 0; i < 1000; i++)
{
    model.Step([0.5f], output);
}

long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
Console.WriteLine($"1000 steps allocated {allocated} bytes");
if (allocated != 0)
{
    return Fail("Step allocated");
}

string file = Path.Combine(Path.GetTempPath(), $"rnncodegen-consumer-{Environment.ProcessId}.rnn");
try
{
    model.Save(file);
    Forecaster loaded = Forecaster.Load(file);
    float[] expected = new float[Steps * Forecaster.OutputSize];
    float[] actual = new float[expected.Length];
    model.Predict(inputs.AsSpan(0, Steps * Forecaster.InputSize), expected);
    loaded.Predict(inputs.AsSpan(0, Steps * Forecaster.InputSize), actual);
    if (!expected.AsSpan().SequenceEqual(actual))
    {
        return Fail("the model loaded from its saved file predicts differently");
    }
}
finally
{
    File.Delete(file);
}

Console.WriteLine("package consumer: ok");
return 0;

static int Fail(string problem)
{
    Console.Error.WriteLine($"package consumer: FAILED: {problem}");
    return 1;
}

/// <summary>The model the consumer declares, as a user of the package does.</summary>
[RecurrentModel(InputSize = 1)]
[Lstm(16)]
[Dense(1)]
public partial class Forecaster;
