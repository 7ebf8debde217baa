using System.CommandLine;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;

namespace OverParam.Cli;

/// <summary>Options shared by several verbs. Each is defined once here.</summary>
public static class CommonOptions
{
    /// <summary>--backend, made afresh for each parse (an option belongs to the commands it is added to).</summary>
    public static Option<string> Backend() => new Option<string>("--backend")
    {
        Description = "Linear algebra: openblas (system OpenBLAS + LAPACKE), managed (C# reference), or auto (openblas when installed)",
        DefaultValueFactory = _ => "auto",
        Recursive = true,
    }.OneOf([.. Backends.Names]);

    /// <summary>--threads, made afresh for each parse.</summary>
    public static Option<int> Threads() => Positive(new Option<int>("--threads")
    {
        Description = "Threads for OverParam's own parallel loops (OpenBLAS threading follows OPENBLAS_NUM_THREADS)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Recursive = true,
    });

    /// <summary>Data options: one fresh instance per command (an option belongs to one command).</summary>
    public sealed class DataOptions(string seedName = "--seed")
    {
        public readonly Option<string> Data = new("--data")
        {
            Description = "Inputs: 'sphere' (n points uniform on the unit sphere S^{d-1}, Du et al. §5), 'circle' (n equally spaced points on S^1), 'line' (n equally spaced scalars in (-1, 1), d = 1), "
                + "a features file X.npy / X.csv / data.npz:X (n rows, d columns; float or integer .npy), or natural images: mnist:DIR, fashion-mnist (Debian's dataset-fashion-mnist), "
                + "fashion-mnist:DIR, cifar10:DIR (pixels / 255, flattened in the file's order; CIFAR channel-major)",
            DefaultValueFactory = _ => "sphere",
        };

        public readonly Option<string?> Labels = new("--labels")
        {
            Description = "Labels: 'gaussian' (N(0,1), the paper's), 'sign' (±1), 'teacher' (a random two-layer ReLU net), or a file y.npy / y.csv / data.npz:y with n values; "
                + "natural data: its own labels by default (two classes: +1 for the first listed, −1 for the second), or 'random' (drawn from the kept classes); 'none': no labels (gram and check of any number of classes)",
        };

        public readonly Option<int> N = Positive(new Option<int>("--n")
        {
            Description = "Number of points for synthetic data; for natural data the first N images of the kept classes in file order "
                + "(after --shuffle-seed's permutation when given; default: all)",
            DefaultValueFactory = _ => 100,
        });
        public readonly Option<int> D = Positive(new Option<int>("--d") { Description = "Input dimension for sphere data", DefaultValueFactory = _ => 10 });
        public readonly Option<long> Seed = new(seedName) { Description = "Seed of the synthetic data and labels", DefaultValueFactory = _ => 0 };
        public readonly Option<bool> Normalize = new("--normalize") { Description = "Project every input onto the unit sphere (the papers assume ‖x_i‖ = 1)" };
        public readonly Option<int> Project = NonNegative(new Option<int>("--project")
        {
            Description = "A seeded Gaussian random projection of the inputs to D dimensions, x ↦ Pᵀx with P d × D of i.i.d. N(0, 1/D) entries (drawn from --seed/--data-seed; "
                + "the held-out set gets the same P), after every other preprocessing and before --normalize; 1 ≤ D ≤ d (default 0: none)",
            DefaultValueFactory = _ => 0,
        });
        public readonly Option<string> Split = new Option<string>("--split") { Description = "Natural data: the train or test split", DefaultValueFactory = _ => "train" }.OneOf("train", "test");
        public readonly Option<string?> Classes = new("--classes") { Description = "Natural data: the classes kept, e.g. 0,1, or all (the default: all ten, as a sweep spec's classes: all); two classes give ±1 labels, more give one-hot targets" };
        public readonly Option<bool> Center = new("--center") { Description = "Natural data: subtract the training split's mean image (of the kept classes) before --normalize" };
        public readonly Option<long?> ShuffleSeed = new("--shuffle-seed") { Description = "Natural data: shuffle the kept images with this seed before taking the first N (default: file order)" };
        public readonly Option<double> LabelNoise = new("--label-noise") { Description = "Natural data: replace a fraction p of the labels by a class drawn from the kept ones", DefaultValueFactory = _ => 0 };
        public readonly Option<string> Inputs = new Option<string>("--inputs") { Description = "Natural data: the images, or random (N(0, 1) noise of the same shape)", DefaultValueFactory = _ => "images" }.OneOf("images", "random");

        public IEnumerable<Option> All => [Data, Labels, N, D, Seed, Normalize, Project, Split, Classes, Center, ShuffleSeed, LabelNoise, Inputs];

        /// <summary>The data spec; --n and --d given where they mean nothing (a file's own shape, circle's d = 2) are refused.</summary>
        public DataSpec From(ParseResult r)
        {
            string data = r.GetValue(Data)!;
            bool given(Option o) => r.GetResult(o) is { Implicit: false };
            bool natural = NaturalData.Parse(data) != null;
            if (given(D) && data != "sphere")
                throw new InputException(data switch
                {
                    "circle" => "--d: circle points are 2-D; --d is for sphere data",
                    "line" => "--d: line points are scalars (d = 1); --d is for sphere data",
                    _ => $"--d: {data} has its own dimension; --d is for sphere data",
                });
            if (given(N) && !DataSpec.BuiltIn.Contains(data) && !natural)
                throw new InputException($"--n: {data} has its own number of rows; --n is for synthetic and natural data");
            foreach (var o in new Option[] { Split, Classes, Center, ShuffleSeed, LabelNoise, Inputs })
                if (given(o) && !natural) throw new InputException($"{o.Name} is for natural data (mnist:DIR, fashion-mnist, cifar10:DIR), not {data}");
            var options = natural
                ? new NaturalOptions(r.GetValue(Split)!, r.GetValue(Classes) is { } c && c != NaturalOptions.AllClasses ? NaturalOptions.ParseClasses(c) : null, r.GetValue(Center),
                    r.GetValue(ShuffleSeed), r.GetValue(LabelNoise), r.GetValue(Inputs) == "random")
                : null;
            return new(data, r.GetValue(Labels), natural && !given(N) ? 0 : r.GetValue(N), r.GetValue(D), r.GetValue(Seed), r.GetValue(Normalize), options, r.GetValue(Project));
        }
    }

    /// <summary>The held-out set's options (train and predict): one fresh instance per command.</summary>
    public sealed class HeldOutOptions
    {
        public readonly Option<int> TestN = NonNegative(new Option<int>("--test-n")
        {
            Description = "Held-out points: sphere data, N drawn from the training distribution (the same teacher, or fresh random labels); "
                + "natural data with --test-split, the first N of that split (default: all)",
            DefaultValueFactory = _ => 0,
        });
        public readonly Option<string?> TestData = new("--test-data") { Description = "Held-out features from .npy/.csv/.npz:NAME (same d as the training data), with --test-labels" };
        public readonly Option<string?> TestLabels = new("--test-labels") { Description = "Held-out labels from .npy/.csv/.npz:NAME, one per row of --test-data" };
        public readonly Option<string?> TestSplit = new Option<string?>("--test-split")
        {
            Description = "Natural data: the held-out set is this split's images (test or train) of the same classes, prepared the same way, with their true labels",
        }.Also(o => o.Validators.Add(res =>
        {
            if (res.Tokens.Count > 0 && res.Tokens[^1].Value is not ("test" or "train"))
                res.AddError($"--test-split: expected test or train, got '{res.Tokens[^1].Value}'");
        }));

        public IEnumerable<Option> All => [TestN, TestData, TestLabels, TestSplit];

        /// <summary>The held-out set that follows <paramref name="data"/>.</summary>
        public HeldOutSpec From(ParseResult r, DataSpec data) => new(data, r.GetValue(TestN), r.GetValue(TestData), r.GetValue(TestLabels), r.GetValue(TestSplit));
    }

    /// <summary>--kernel: every two-layer and deep kernel, by name (gram and predict), with the command's own description.</summary>
    public static Option<string> Kernel(string description) => new Option<string>("--kernel")
    {
        Description = description,
        DefaultValueFactory = _ => "du2019",
    }.OneOf([.. Experiments.KernelKinds.Names]);

    /// <summary>
    /// The option's value where it parsed, or null where its token does not (the parser reports that error itself, naming
    /// the option): a validator must not ask for the value of a token that failed to parse, which throws.
    /// </summary>
    /// <remarks>
    /// The test mirrors System.CommandLine's conversion exactly (<c>T.TryParse(token, out _)</c>: integer types take
    /// <see cref="System.Globalization.NumberStyles.Integer"/>, floating types Float | AllowThousands, in the current
    /// culture). A looser test let "1e2" and "1,000" through to a whole-number option, whose value then threw.
    /// </remarks>
    private static T? Parsed<T>(System.CommandLine.Parsing.OptionResult res) where T : struct, System.Numerics.INumber<T>
    {
        bool integer = T.CreateTruncating(0.5) == T.Zero;
        var style = integer ? System.Globalization.NumberStyles.Integer : System.Globalization.NumberStyles.Float | System.Globalization.NumberStyles.AllowThousands;
        if (res.Tokens.Count > 0 && !T.TryParse(res.Tokens[^1].Value, style, System.Globalization.CultureInfo.CurrentCulture, out _))
            return null;
        return res.GetValueOrDefault<T>();
    }

    /// <summary>Adds a validator requiring a value ≥ 1.</summary>
    public static Option<T> Positive<T>(Option<T> o) where T : struct, System.Numerics.INumber<T>
    {
        o.Validators.Add(res =>
        {
            if (Parsed<T>(res) is { } v && v < T.One) res.AddError($"{o.Name} must be at least 1, got {v}");
        });
        return o;
    }

    /// <summary>Adds a validator requiring a value ≥ 0.</summary>
    public static Option<T> NonNegative<T>(Option<T> o) where T : struct, System.Numerics.INumber<T>
    {
        o.Validators.Add(res =>
        {
            if (Parsed<T>(res) is { } v && v < T.Zero) res.AddError($"{o.Name} must be ≥ 0, got {v}");
        });
        return o;
    }

    /// <summary>Adds a validator requiring a finite value &gt; 0.</summary>
    public static Option<double> PositiveReal(Option<double> o)
    {
        o.Validators.Add(res =>
        {
            if (Parsed<double>(res) is { } v && (!(v > 0) || !double.IsFinite(v))) res.AddError($"{o.Name} must be a finite number > 0, got {v}");
        });
        return o;
    }

    /// <summary>
    /// Accepts only <paramref name="values"/>, with an error that names the option (System.CommandLine's own names only
    /// the value), and offers them for completion.
    /// </summary>
    public static Option<string> OneOf(this Option<string> o, params string[] values)
    {
        o.Validators.Add(res =>
        {
            if (res.Tokens.Count > 0 && !values.Contains(res.Tokens[^1].Value))
                res.AddError($"{o.Name}: expected one of {string.Join(", ", values)}; got '{res.Tokens[^1].Value}'");
        });
        o.CompletionSources.Add(values);
        return o;
    }
}
