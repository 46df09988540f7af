using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// The generated LSTM step in a NativeAOT executable, compiled for .NET's default x64 instruction set and for the one
/// the RnnCodegen package selects (see <see cref="NativeAotConfig"/>).
/// </summary>
[Config(typeof(NativeAotConfig))]
public class NativeAotBenchmarks : GeneratedLstmStepBenchmarks;
