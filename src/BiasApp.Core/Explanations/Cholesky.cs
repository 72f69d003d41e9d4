namespace BiasApp.Core.Explanations;

/// <summary>
/// Cholesky factorisation of a symmetric positive definite n×n matrix, stored row-major in a flat array, for the
/// least-squares fits behind the explanations.
/// </summary>
public static class Cholesky
{
    /// <summary>
    /// Factors <paramref name="a"/> in place: its lower triangle (the only part read) becomes L with A = L·Lᵀ.
    /// Throws <see cref="InvalidOperationException"/> when A is not positive definite.
    /// </summary>
    public static void Factor(double[] a, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var d = a[j * n + j];
            for (var k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (d <= 0) throw new InvalidOperationException("Ridge system is not positive definite.");
            var l = Math.Sqrt(d);
            a[j * n + j] = l;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i * n + j];
                for (var k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / l;
            }
        }
    }

    /// <summary>Solves A·x = <paramref name="b"/> with <paramref name="factor"/> as <see cref="Factor"/> left it.</summary>
    public static double[] Solve(double[] factor, double[] b, int n)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= factor[i * n + k] * x[k];
            x[i] = s / factor[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = x[i];
            for (var k = i + 1; k < n; k++) s -= factor[k * n + i] * x[k];
            x[i] = s / factor[i * n + i];
        }
        return x;
    }
}
