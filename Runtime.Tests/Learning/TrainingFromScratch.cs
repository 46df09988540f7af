namespace RnnCodegen.Tests.Learning;

/// <summary>
/// The learning tests train for thousands of steps on every core; in one collection they run one after another
/// instead of fighting each other for the CPU.
/// </summary>
[CollectionDefinition(nameof(TrainingFromScratch))]
public sealed class TrainingFromScratch;
