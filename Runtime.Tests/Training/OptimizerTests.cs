namespace RnnCodegen.Tests.Training;

/// <summary>
/// Each optimizer against its torch.optim update rule, written out independently here in double precision from the
/// PyTorch documentation. 13 parameters: more than one vector and a partial one.
/// </summary>
public class OptimizerTests
{
    private const int Count = 13;
    private const int Steps = 6;

    public static TheoryData<float, float, float, float, bool> SgdSettings => new()
    {
        { 0.1f, 0f, 0f, 0f, false },
        { 0.05f, 0.9f, 0f, 0f, false },
        { 0.05f, 0.9f, 0.01f, 0.3f, false },
        { 0.02f, 0.8f, 0.1f, 0f, true },
        { 0.1f, 0f, 0.5f, 0f, false },
    };

    [Theory]
    [MemberData(nameof(SgdSettings))]
    public void Sgd_follows_torch_optim_sgd(float lr, float momentum, float weightDecay, float dampening, bool nesterov)
    {
        float[] parameters = InitialParameters();
        double[] expected = Array.ConvertAll(parameters, p => (double)p);
        double[] buffer = new double[Count];
        var sgd = new Sgd(lr, momentum, weightDecay, dampening, nesterov);

        for (int step = 1; step <= Steps; step++)
        {
            float[] gradients = Gradients(step);
            sgd.Step(parameters, gradients);
            for (int i = 0; i < Count; i++)
            {
                double g = gradients[i] + (weightDecay * expected[i]);
                if (momentum != 0)
                {
                    buffer[i] = step == 1 ? g : (momentum * buffer[i]) + ((1 - (double)dampening) * g);
                    g = nesterov ? g + (momentum * buffer[i]) : buffer[i];
                }

                expected[i] -= lr * g;
            }

            AssertClose(expected, parameters);
        }

        Assert.Equal(Steps, sgd.StepCount);
    }

    public static TheoryData<float, float, float, float, float> AdamSettings => new()
    {
        { 1e-3f, 0.9f, 0.999f, 1e-8f, 0f },
        { 0.05f, 0.8f, 0.99f, 1e-6f, 0f },
        { 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f },
        { 0.01f, 0.3f, 0.9f, 1e-3f, 0f },
    };

    [Theory]
    [MemberData(nameof(AdamSettings))]
    public void Adam_follows_torch_optim_adam(float lr, float beta1, float beta2, float epsilon, float weightDecay)
    {
        float[] parameters = InitialParameters();
        double[] expected = Array.ConvertAll(parameters, p => (double)p);
        double[] m = new double[Count];
        double[] v = new double[Count];
        var adam = new Adam(lr, beta1, beta2, epsilon, weightDecay);

        for (int step = 1; step <= Steps; step++)
        {
            float[] gradients = Gradients(step);
            adam.Step(parameters, gradients);
            for (int i = 0; i < Count; i++)
            {
                double g = gradients[i] + (weightDecay * expected[i]);
                expected[i] -= lr * AdamDirection(ref m[i], ref v[i], g, beta1, beta2, epsilon, step);
            }

            AssertClose(expected, parameters);
        }
    }

    [Theory]
    [InlineData(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f)]
    [InlineData(0.05f, 0.8f, 0.99f, 1e-6f, 0.5f)]
    public void AdamW_decays_the_weights_before_the_adam_update(float lr, float beta1, float beta2, float epsilon, float weightDecay)
    {
        float[] parameters = InitialParameters();
        double[] expected = Array.ConvertAll(parameters, p => (double)p);
        double[] m = new double[Count];
        double[] v = new double[Count];
        var adamW = new AdamW(lr, beta1, beta2, epsilon, weightDecay);

        for (int step = 1; step <= Steps; step++)
        {
            float[] gradients = Gradients(step);
            adamW.Step(parameters, gradients);
            for (int i = 0; i < Count; i++)
            {
                expected[i] *= 1 - ((double)lr * weightDecay);
                expected[i] -= lr * AdamDirection(ref m[i], ref v[i], gradients[i], beta1, beta2, epsilon, step);
            }

            AssertClose(expected, parameters);
        }
    }

    [Fact]
    public void Defaults_are_pytorchs()
    {
        var adam = new Adam();
        var adamW = new AdamW();
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 0f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay));
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay));
    }

    [Fact]
    public void A_changed_learning_rate_applies_from_the_next_step()
    {
        float[] parameters = [1f, 2f];
        var sgd = new Sgd(0.5f);
        sgd.Step(parameters, [1f, 1f]);
        sgd.LearningRate = 0.25f;
        sgd.Step(parameters, [1f, 1f]);
        Assert.Equal([0.25f, 1.25f], parameters);
    }

    [Fact]
    public void Steps_after_the_first_allocate_nothing()
    {
        float[] parameters = InitialParameters();
        float[] gradients = Gradients(1);
        var adam = new Adam();
        adam.Step(parameters, gradients);

        long before = GC.GetAllocatedBytesForCurrentThread();
        adam.Step(parameters, gradients);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void State_is_sized_by_the_first_step()
    {
        var adam = new Adam();
        adam.Step(new float[Count], new float[Count]);
        var exception = Assert.Throws<ArgumentException>(() => adam.Step(new float[Count + 1], new float[Count + 1]));
        Assert.Contains($"sized for {Count} parameters, got {Count + 1}", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void Gradients_must_match_the_parameters()
    {
        var exception = Assert.Throws<ArgumentException>(() => new Sgd(0.1f).Step(new float[4], new float[3]));
        Assert.Equal("gradients", exception.ParamName);
        Assert.Contains("Expected 4 gradients", exception.Message, StringComparison.Ordinal);
        Assert.Contains("got 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_hyperparameters_are_rejected()
    {
        Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1f)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(beta2: -0.1f)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(epsilon: float.NaN)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(weightDecay: -1f)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(-0.1f)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, momentum: float.PositiveInfinity)).ParamName);
        Assert.Equal("nesterov", Assert.Throws<ArgumentException>(() => new Sgd(0.1f, nesterov: true)).ParamName);
        Assert.Equal("nesterov", Assert.Throws<ArgumentException>(() => new Sgd(0.1f, momentum: 0.9f, dampening: 0.1f, nesterov: true)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam().LearningRate = float.NaN);
    }

    [Fact]
    public void State_names_follow_pytorchs_state_dict()
    {
        Assert.Equal(["exp_avg", "exp_avg_sq"], new Adam().StateNames);
        Assert.Equal(["exp_avg", "exp_avg_sq"], new AdamW().StateNames);
        Assert.Equal(["momentum_buffer"], new Sgd(0.1f, momentum: 0.9f).StateNames);
        Assert.Empty(new Sgd(0.1f).StateNames);
    }

    public static TheoryData<string> Optimizers => new() { "sgd", "adam", "adamw" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Restored_state_continues_exactly_where_the_exported_state_left_off(string kind)
    {
        Optimizer original = Make(kind);
        float[] parameters = InitialParameters();
        for (int step = 1; step <= 3; step++)
        {
            original.Step(parameters, Gradients(step));
        }

        Optimizer restored = Make(kind);
        restored.RestoreState(original.StepCount, original.StateLength);
        for (int i = 0; i < original.StateNames.Count; i++)
        {
            original.StateBuffer(i).CopyTo(restored.StateBuffer(i));
        }

        float[] restoredParameters = (float[])parameters.Clone();
        for (int step = 4; step <= 6; step++)
        {
            original.Step(parameters, Gradients(step));
            restored.Step(restoredParameters, Gradients(step));
        }

        Assert.Equal(parameters, restoredParameters);
        Assert.Equal(6, restored.StepCount);

        static Optimizer Make(string kind) => kind switch
        {
            "sgd" => new Sgd(0.05f, momentum: 0.9f),
            "adam" => new Adam(0.01f),
            _ => new AdamW(0.01f),
        };
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_element_gets_the_same_update_whether_in_a_full_vector_or_the_remainder(string kind)
    {
        Optimizer optimizer = kind switch
        {
            "sgd" => new Sgd(0.05f, momentum: 0.9f, weightDecay: 0.1f),
            "adam" => new Adam(0.01f, weightDecay: 0.1f),
            _ => new AdamW(0.01f),
        };
        float[] parameters = new float[Count];
        Array.Fill(parameters, 0.3f);
        for (int step = 1; step <= 3; step++)
        {
            float[] gradients = new float[Count];
            Array.Fill(gradients, 0.7f / step);
            optimizer.Step(parameters, gradients);
        }

        Assert.All(parameters, p => Assert.Equal(parameters[0], p));
        Assert.NotEqual(0.3f, parameters[0]);
    }

    private static double AdamDirection(ref double m, ref double v, double g, double beta1, double beta2, double epsilon, int step)
    {
        m = (beta1 * m) + ((1 - beta1) * g);
        v = (beta2 * v) + ((1 - beta2) * g * g);
        double mHat = m / (1 - Math.Pow(beta1, step));
        double vHat = v / (1 - Math.Pow(beta2, step));
        return mHat / (Math.Sqrt(vHat) + epsilon);
    }

    private static float[] InitialParameters()
    {
        float[] parameters = new float[Count];
        for (int i = 0; i < Count; i++)
        {
            parameters[i] = (float)Math.Cos(0.9 * i) * 0.8f;
        }

        return parameters;
    }

    /// <summary>Gradients of varied sign and size, a different set each step.</summary>
    private static float[] Gradients(int step)
    {
        float[] gradients = new float[Count];
        for (int i = 0; i < Count; i++)
        {
            gradients[i] = (float)(Math.Sin((1.7 * i) + (0.6 * step)) * (1 + (0.3 * i)));
        }

        return gradients;
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + (1e-5 * Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
