namespace RnnCodegen.Benchmarks.Models;

/// <summary>What every training benchmark shares with tools/bench_pytorch_training.py, so the three trainers do the same work.</summary>
public static class TrainingSettings
{
    /// <summary>Sequences per batch.</summary>
    public const int BatchSize = 16;

    /// <summary>Steps per sequence, T.</summary>
    public const int Steps = 64;

    /// <summary>Adam's step size (PyTorch's default); β₁, β₂ and ε are PyTorch's defaults too.</summary>
    public const float LearningRate = 1e-3f;
}
