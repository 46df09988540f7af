using BenchmarkDotNet.Running;

// Every suite in this assembly, chosen with BenchmarkDotNet's own command line (--filter, --job, --list ...).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
