using System.CommandLine;
using OverParam.Data;
using OverParam.IO;
using OverParam.Numerics;
using OverParam.Sweeps;

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

    /// <summary>Data options, made from the vocabulary (<see cref="Vocabulary"/>): one fresh instance per command.</summary>
    /// <param name="seedName">data_seed's flag: --data-seed where --seed is the initialization's (train, check), else --seed.</param>
    public sealed class DataOptions(string seedName = "--seed") : ISettingGroup
    {
        private static readonly string[] NaturalKeys = ["split", "classes", "center", "shuffle_seed", "label_noise", "inputs"];

        private readonly SettingOptions _options = new(
            ["data", "labels", "n", "d", "data_seed", "normalize", "project", .. NaturalKeys], new Dictionary<string, string> { ["data_seed"] = seedName });

        public IEnumerable<Option> All => _options.All;

        /// <summary>The data spec (<see cref="TrainSettings.ToDataSpec"/> of <see cref="Into"/>'s settings).</summary>
        public DataSpec From(ParseResult r)
        {
            var settings = SettingKeys.Defaults();
            Into(r, settings);
            return TrainSettings.ToDataSpec(settings);
        }

        /// <summary>Refuses a data option given that <paramref name="model"/> does not read (<see cref="SettingOptions.RefuseUnread"/>).</summary>
        public void RefuseUnread(ParseResult r, Experiments.ModelKind model, string role, string choose) => _options.RefuseUnread(r, model, role, choose);

        /// <summary>
        /// Writes the data settings into <paramref name="settings"/>, as the command line means them: --n and --d given
        /// where they mean nothing (a file's own shape, circle's d = 2) and natural-data options on other data are
        /// refused; natural data without --n is every image (n = 0), without --labels its own labels.
        /// </summary>
        public void Into(ParseResult r, IDictionary<string, string> settings)
        {
            _options.Into(r, settings);
            string data = settings["data"];
            bool natural = NaturalData.Parse(data) != null;
            if (_options.Given(r, "d") && data != "sphere")
                throw new InputException(data switch
                {
                    "circle" => "--d: circle points are 2-D; --d is for sphere data",
                    "line" => "--d: line points are scalars (d = 1); --d is for sphere data",
                    _ => $"--d: {data} has its own dimension; --d is for sphere data",
                });
            if (_options.Given(r, "n") && !DataSpec.BuiltIn.Contains(data) && !natural)
                throw new InputException($"--n: {data} has its own number of rows; --n is for synthetic and natural data");
            foreach (var key in NaturalKeys)
                if (_options.Given(r, key) && !natural) throw new InputException($"{_options[key].Name} is for natural data (mnist:DIR, fashion-mnist, cifar10:DIR), not {data}");
            if (natural && !_options.Given(r, "n")) settings["n"] = "0";
            TrainSettings.DefaultNaturalLabels(settings, _options.Given(r, "labels"));
        }
    }

    /// <summary>The held-out set's options (predict), made from the vocabulary: one fresh instance per command.</summary>
    public sealed class HeldOutOptions
    {
        private readonly SettingOptions _options = new(["test_n", "test_data", "test_labels", "test_split"]);

        public IEnumerable<Option> All => _options.All;

        /// <summary>Refuses a held-out option given that <paramref name="model"/> does not read (<see cref="SettingOptions.RefuseUnread"/>).</summary>
        public void RefuseUnread(ParseResult r, Experiments.ModelKind model, string role, string choose) => _options.RefuseUnread(r, model, role, choose);

        /// <summary>The held-out set that follows <paramref name="data"/>.</summary>
        public HeldOutSpec From(ParseResult r, DataSpec data)
        {
            var settings = SettingKeys.Defaults();
            _options.Into(r, settings);
            return TrainSettings.ToHeldOutSpec(settings, data);
        }
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

    /// <summary>Adds a validator requiring a number in a range, e.g. " ≥ -1" or " in (0, 1)" (<see cref="Setting.RangeText"/>).</summary>
    public static Option<T> Within<T>(Option<T> o, Func<double, bool> inRange, string rangeText) where T : struct, System.Numerics.INumber<T>
    {
        o.Validators.Add(res =>
        {
            if (Parsed<T>(res) is { } v && !inRange(double.CreateChecked(v)))
                res.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{o.Name} must be{rangeText}, got {v}"));
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
