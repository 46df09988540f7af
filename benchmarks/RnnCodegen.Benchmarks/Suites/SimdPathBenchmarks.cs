using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>The generated LSTM step on each SIMD path under the JIT (Vector256, Vector128, scalar; see <see cref="SimdPathsConfig"/>).</summary>
[Config(typeof(SimdPathsConfig))]
public class SimdPathBenchmarks : GeneratedLstmStepBenchmarks;
