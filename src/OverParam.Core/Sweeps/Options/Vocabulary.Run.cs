using System.Globalization;
using OverParam.Experiments;

namespace OverParam.Sweeps;

/// <summary>The run's options: step, stopping, seed, precision, what is recorded, weights in and out, the held-out set.</summary>
public static partial class Vocabulary
{
    /// <summary>--lr.</summary>
    public static readonly Setting Lr = new("--lr", "rate", "auto")
    {
        Help = "η, or auto (1/λ_max of H∞)",
        Description = "η, the fixed step; 'auto' picks η = 1/λ_max of the infinite-width kernel",
    };

    /// <summary>--steps.</summary>
    public static readonly Setting Steps = new("--steps", "int", "100") { Help = "K", Description = "K, the most gradient steps", Min = 0 };

    /// <summary>--tol.</summary>
    public static readonly Setting Tol = new("--tol", "real", "0")
    {
        Help = "stop at loss ≤ tol",
        Description = "Stop once the loss L = ½Σ(f(x_i) − y_i)² ≤ ε (0: run all steps)",
        Min = 0,
    };

    /// <summary>--rel-tol.</summary>
    public static readonly Setting RelTol = new("--rel-tol", "real", "0")
    {
        Help = "stop at loss ≤ rel_tol · L(0)",
        Description = "Stop once L(k) ≤ ε_rel · L(0) (0: run all steps); the success criterion of overparam threshold",
        Min = 0,
        Max = 1,
        HashedAtDefault = false,
    };

    /// <summary>--train-layers.</summary>
    public static readonly Setting TrainLayers = new("--train-layers", "choice", "all")
    {
        Help = "all, or last (the output layer alone; fc, resnet)",
        Description = "all: every layer (default); last: the output layer a alone, the hidden layers fixed at initialization (fc, resnet): GD then solves least squares on the last hidden layer's features, whose exact optimum, rank and lambda_min_features summary.json reports",
        Choices = ["all", "last"],
        HashedAtDefault = false,
    };

    /// <summary>--seed.</summary>
    public static readonly Setting Seed = new("--seed", "long", "0") { Help = "seed of the initialization", Description = "Seed of the initialization W(0), a, b" };

    /// <summary>--precision.</summary>
    public static readonly Setting Precision = new("--precision", "choice", "f64")
    {
        Help = "f64 or f32",
        Description = "f64 (default) or f32 (sgemm speed)",
        Choices = ["f64", "f32"],
    };

    /// <summary>--record-every.</summary>
    public static readonly Setting RecordEvery = new("--record-every", "int", "1")
    {
        Help = "record every s steps",
        Description = "Record metrics every s steps (the first and last always)",
        Min = 1,
    };

    /// <summary>--gram-every.</summary>
    public static readonly Setting GramEvery = new("--gram-every", "int", "-1")
    {
        Help = "H(k) every g steps; -1: every steps/10; 0: never",
        Description = "Measure H(k), λ_min(H(k)) and its drift every g steps (three n×n eigenproblems each); 0: never; default: every K/10 steps",
        Min = -1,
    };

    /// <summary>--init-w.</summary>
    public static readonly Setting InitW = new Setting("--init-w", "path-or-none", SettingValues.None)
    {
        Help = "initial W from .npy/.csv (two-layer), or none",
        Description = "Initial W (width × d) from .npy/.csv, e.g. to repeat a run in another framework",
        Models = [ModelKinds.TwoLayer],
    }.Late();

    /// <summary>--init-a.</summary>
    public static readonly Setting InitA = new Setting("--init-a", "path-or-none", SettingValues.None)
    {
        Help = "initial a from .npy/.csv (two-layer), or none",
        Description = "Initial a (width) from .npy/.csv",
        Models = [ModelKinds.TwoLayer],
    }.Late();

    /// <summary>--init-b.</summary>
    public static readonly Setting InitB = new Setting("--init-b", "path-or-none", SettingValues.None)
    {
        Help = "initial b from .npy/.csv (two-layer with bias), or none",
        Description = "Initial b (width) from .npy/.csv (with --bias)",
        Models = [ModelKinds.TwoLayer],
    }.Late();

    /// <summary>--save-weights.</summary>
    public static readonly Setting SaveWeights = new Setting("--save-weights", "bool", "false")
    {
        Help = "write the initial and final weights as .npy",
        Description = "Write the initial and final weights as .npy into the output folder: two-layer init_W, init_a (init_b), final_…; "
            + "fc/resnet init_W1 … init_WH (m×d, m×m), init_a (m); conv-resnet init_Wh (m, q, d_in), init_a (m, p)",
    }.Late();

    /// <summary>--init-from.</summary>
    public static readonly Setting InitFrom = new Setting("--init-from", "path-or-none", SettingValues.None)
    {
        Help = "a folder written with save_weights: start from its init_*.npy, or none",
        Description = "Start from the init_*.npy weights of a folder written with --save-weights (any model; shapes checked)",
    }.Late();

    /// <summary>--test-n.</summary>
    public static readonly Setting TestN = new("--test-n", "int", "0")
    {
        Help = "held-out points for test_mse (sphere data)",
        Description = "Held-out points: sphere data, N drawn from the training distribution (the same teacher, or fresh random labels); "
            + "natural data with --test-split, the first N of that split (default: all)",
        Min = 0,
        HashedAtDefault = false,
    };

    /// <summary>--test-data.</summary>
    public static readonly Setting TestData = new Setting("--test-data", "path-or-none", SettingValues.None)
    {
        Help = "held-out features from .npy/.csv, with test_labels, or none",
        Description = "Held-out features from .npy/.csv/.npz:NAME (same d as the training data), with --test-labels",
    }.Late();

    /// <summary>--test-labels.</summary>
    public static readonly Setting TestLabels = new Setting("--test-labels", "path-or-none", SettingValues.None)
    {
        Help = "held-out labels from .npy/.csv, one per row of test_data, or none",
        Description = "Held-out labels from .npy/.csv/.npz:NAME, one per row of --test-data",
    }.Late();

    /// <summary>--test-split.</summary>
    public static readonly Setting TestSplit = new("--test-split", "split-or-none", SettingValues.None)
    {
        Help = "natural data: the held-out split (test), for test_mse and test_accuracy",
        Description = "Natural data: the held-out set is this split's images (test or train) of the same classes, prepared the same way, with their true labels",
        Unset = SettingValues.None,
        HashedAtDefault = false,
    };

    /// <summary>--form.</summary>
    public static readonly Setting Form = new("--form", "choice", "auto")
    {
        Help = "two-layer step: primal, dual (one n×n×m product) or auto (the cheaper)",
        Description = "Two-layer step: primal (Z = XWᵀ and ∇W = MᵀX, 4nmd flops), dual (Z ← Z − η(XXᵀ)M, 2n²m flops; W built at the end), "
            + "or auto: dual when n < 2d. Both give the same iterates up to rounding; summary.json says which ran",
        Choices = ["auto", "primal", "dual"],
        Models = [ModelKinds.TwoLayer],
        HashedAtDefault = false,
    };

    /// <summary>--refresh-every.</summary>
    public static readonly Setting RefreshEvery = new Setting("--refresh-every", "int", TrainSpec.DefaultRefreshEvery.ToString(CultureInfo.InvariantCulture))
    {
        Help = "dual form: recompute Z every R steps (0: never)",
        Description = "Dual form: recompute Z from W(0) and the accumulated step sums every R steps, bounding float32 rounding (0: never)",
        Min = 0,
        Models = [ModelKinds.TwoLayer],
    }.Late();

    /// <summary>
    /// A setting added with the options vocabulary (issue 25 §3): in a trial's id and in the listings only away from its
    /// default, so that sweeps and searches written by an earlier version resume with the same ids and files.
    /// </summary>
    private static Setting Late(this Setting s) => s with
    {
        HashedAtDefault = false,
        ListedAtDefault = false,
        Unset = s.Kind == "path-or-none" ? SettingValues.None : s.Unset,
    };
}
