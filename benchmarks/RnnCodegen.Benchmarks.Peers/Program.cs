using BenchmarkDotNet.Running;

// The generated models against TorchSharp and ONNX Runtime, chosen with BenchmarkDotNet's own command line
// (--filter, --job, --list ...); see benchmarks/README.md, "Peers".
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
