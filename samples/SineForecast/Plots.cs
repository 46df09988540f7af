using System;
using System.IO;
using ScottPlot;

namespace SineForecast;

/// <summary>The sample's figures as PNG files (ScottPlot, drawn by SkiaSharp; no window or display needed).</summary>
internal static class Plots
{
    private const int Width = 800;
    private const int Height = 450;

    /// <summary>The wave the model was warmed up on, then its free-running forecast beside what the wave really did.</summary>
    public static string Forecast(string folder, float[] wave, int warmUp, float[] forecast)
    {
        var plot = new Plot();
        double[] truthTime = Range(0, wave.Length);
        double[] forecastTime = Range(warmUp, forecast.Length);
        plot.Add.ScatterLine(truthTime, Array.ConvertAll(wave, v => (double)v)).LegendText = "truth";
        var predicted = plot.Add.ScatterLine(forecastTime, Array.ConvertAll(forecast, v => (double)v));
        predicted.LegendText = "forecast (fed its own output)";
        predicted.LinePattern = LinePattern.Dashed;
        predicted.LineWidth = 2;
        plot.Add.VerticalLine(warmUp - 0.5).LegendText = "forecast starts";
        plot.Title("Free-running forecast against the true wave");
        plot.XLabel("time step");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.LowerLeft);
        return Save(plot, folder, "forecast.png");
    }

    /// <summary>Training loss per batch and the two validation errors at each check, on a log scale.</summary>
    public static string LossCurve(string folder, float[] trainingLoss, int[] checkBatches, float[] validationLoss, float[] freeRunningLoss, int bestBatch)
    {
        var plot = new Plot();
        plot.Add.ScatterLine(Range(1, trainingLoss.Length), Array.ConvertAll(trainingLoss, v => Math.Log10(v))).LegendText = "training MSE (per batch)";
        var validation = plot.Add.Scatter(Array.ConvertAll(checkBatches, b => (double)b), Array.ConvertAll(validationLoss, v => Math.Log10(v)));
        validation.LegendText = "validation MSE, one step ahead";
        validation.LineWidth = 2;
        validation.MarkerSize = 7;
        var freeRunning = plot.Add.Scatter(Array.ConvertAll(checkBatches, b => (double)b), Array.ConvertAll(freeRunningLoss, v => Math.Log10(v)));
        freeRunning.LegendText = "validation MSE, free-running 16 steps (stops training)";
        freeRunning.LineWidth = 2;
        freeRunning.MarkerSize = 7;
        plot.Add.VerticalLine(bestBatch).LegendText = "best validation: weights kept";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), LabelFormatter = y => $"{Math.Pow(10, y):G2}" };
        plot.Title("Loss while training (stopped when validation stopped improving)");
        plot.XLabel("batch");
        plot.YLabel("MSE (log scale)");
        plot.ShowLegend(Alignment.MiddleRight);
        return Save(plot, folder, "loss.png");
    }

    /// <summary>How the free-running forecast's error grows with the number of steps it has run on its own output.</summary>
    public static string HorizonError(string folder, double[] modelError, double[] persistenceError)
    {
        var plot = new Plot();
        double[] horizon = Range(1, modelError.Length);
        plot.Add.ScatterLine(horizon, modelError).LegendText = "model, free-running";
        var naive = plot.Add.ScatterLine(horizon, persistenceError);
        naive.LegendText = "repeat the last value";
        naive.LinePattern = LinePattern.Dashed;
        plot.Title("Free-running forecast error by horizon (RMSE over validation waves)");
        plot.XLabel("steps ahead");
        plot.YLabel("RMSE");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, "horizon-error.png");
    }

    private static double[] Range(int start, int count)
    {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = start + i;
        }

        return values;
    }

    private static string Save(Plot plot, string folder, string name)
    {
        string path = Path.Combine(folder, name);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
