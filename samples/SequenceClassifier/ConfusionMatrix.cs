using System;

namespace SequenceClassifier;

/// <summary>Counts, for each true class, how often each class was predicted; prints the table and the accuracy.</summary>
internal sealed class ConfusionMatrix(int classes)
{
    private readonly int[,] _counts = new int[classes, classes];

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public void Add(int actual, int predicted)
    {
        _counts[actual, predicted]++;
        Total++;
        if (actual == predicted)
        {
            Correct++;
        }
    }

    /// <summary>One row per true class, one column per predicted class, then the row's recall.</summary>
    public void Print(Func<int, string> name)
    {
        const int Width = 10;
        Console.Write($"{"actual \\ predicted",-20}");
        for (int predicted = 0; predicted < classes; predicted++)
        {
            Console.Write($"{name(predicted),Width}");
        }

        Console.WriteLine($"{"recall",Width}");
        for (int actual = 0; actual < classes; actual++)
        {
            Console.Write($"{name(actual),-20}");
            int rowTotal = 0;
            for (int predicted = 0; predicted < classes; predicted++)
            {
                Console.Write($"{_counts[actual, predicted],Width}");
                rowTotal += _counts[actual, predicted];
            }

            double recall = rowTotal == 0 ? 0 : (double)_counts[actual, actual] / rowTotal;
            Console.WriteLine($"{recall,Width:P1}");
        }
    }
}
