using OverParam.Data;

namespace OverParam.Sweeps;

/// <summary>
/// Every option of a training run, declared once (<see cref="Setting"/>): the data's here, the model's in
/// Vocabulary.Model.cs, the run's in Vocabulary.Run.cs. <see cref="SettingKeys.All"/> lists them in the order summaries
/// and trial ids take them; each command lists the ones it takes in its own order.
/// </summary>
public static partial class Vocabulary
{
    /// <summary>--data.</summary>
    public static readonly Setting Data = new("--data", "string", "sphere")
    {
        Help = "sphere, circle, line, a .npy/.csv path, or mnist:DIR, fashion-mnist, cifar10:DIR",
        Description = "Inputs: 'sphere' (n points uniform on the unit sphere S^{d-1}, Du et al. §5), 'circle' (n equally spaced points on S^1), 'line' (n equally spaced scalars in (-1, 1), d = 1), "
            + "a features file X.npy / X.csv / data.npz:X (n rows, d columns; float or integer .npy), or natural images: mnist:DIR, fashion-mnist (Debian's dataset-fashion-mnist), "
            + "fashion-mnist:DIR, cifar10:DIR (pixels / 255, flattened in the file's order; CIFAR channel-major)",
    };

    /// <summary>--labels. The command line has no default: synthetic data then has none, natural data its own ("true").</summary>
    public static readonly Setting Labels = new("--labels", "string", "gaussian")
    {
        Help = "gaussian, sign, teacher, a .npy/.csv path; natural data: true (its own) or random",
        Description = "Labels: 'gaussian' (N(0,1), the paper's), 'sign' (±1), 'teacher' (a random two-layer ReLU net), or a file y.npy / y.csv / data.npz:y with n values; "
            + "natural data: its own labels by default (two classes: +1 for the first listed, −1 for the second), or 'random' (drawn from the kept classes); 'none': no labels (gram and check of any number of classes)",
        Unset = SettingValues.None,
    };

    /// <summary>--n.</summary>
    public static readonly Setting N = new("--n", "int", "100")
    {
        Help = "points (synthetic data)",
        Description = "Number of points for synthetic data; for natural data the first N images of the kept classes in file order "
            + "(after --shuffle-seed's permutation when given; default: all)",
        Min = 1,
    };

    /// <summary>--d.</summary>
    public static readonly Setting D = new("--d", "int", "10") { Help = "dimension (sphere)", Description = "Input dimension for sphere data", Min = 1 };

    /// <summary>--data-seed (gram, predict and data call it --seed).</summary>
    public static readonly Setting DataSeed = new("--data-seed", "long", "0") { Help = "seed of the data and labels", Description = "Seed of the synthetic data and labels" };

    /// <summary>--normalize.</summary>
    public static readonly Setting Normalize = new("--normalize", "bool", "false")
    {
        Help = "project inputs onto the sphere",
        Description = "Project every input onto the unit sphere (the papers assume ‖x_i‖ = 1)",
    };

    /// <summary>--project.</summary>
    public static readonly Setting Project = new("--project", "int", "0")
    {
        Help = "D: a seeded Gaussian random projection of the inputs to R^D, before normalize (0: none)",
        Description = "A seeded Gaussian random projection of the inputs to D dimensions, x ↦ Pᵀx with P d × D of i.i.d. N(0, 1/D) entries (drawn from --seed/--data-seed; "
            + "the held-out set gets the same P), after every other preprocessing and before --normalize; 1 ≤ D ≤ d (default 0: none)",
        Min = 0,
        HashedAtDefault = false,
    };

    /// <summary>--split.</summary>
    public static readonly Setting Split = new("--split", "choice", "train")
    {
        Help = "natural data: train or test",
        Description = "Natural data: the train or test split",
        Choices = ["train", "test"],
        HashedAtDefault = false,
    };

    /// <summary>--classes.</summary>
    public static readonly Setting Classes = new("--classes", "classes", NaturalOptions.AllClasses)
    {
        Help = "natural data: the classes kept, e.g. 0,1",
        Description = "Natural data: the classes kept, e.g. 0,1, or all (the default: all ten, as a sweep spec's classes: all); two classes give ±1 labels, more give one-hot targets",
        Unset = NaturalOptions.AllClasses,
        HashedAtDefault = false,
    };

    /// <summary>--center.</summary>
    public static readonly Setting Center = new("--center", "bool", "false")
    {
        Help = "natural data: subtract the training mean image",
        Description = "Natural data: subtract the training split's mean image (of the kept classes) before --normalize",
        HashedAtDefault = false,
    };

    /// <summary>--shuffle-seed.</summary>
    public static readonly Setting ShuffleSeed = new("--shuffle-seed", "seed-or-none", SettingValues.None)
    {
        Help = "natural data: shuffle before taking the first n",
        Description = "Natural data: shuffle the kept images with this seed before taking the first N (default: file order)",
        Unset = SettingValues.None,
        HashedAtDefault = false,
    };

    /// <summary>--label-noise.</summary>
    public static readonly Setting LabelNoise = new("--label-noise", "real", "0")
    {
        Help = "natural data: fraction of labels replaced",
        Description = "Natural data: replace a fraction p of the labels by a class drawn from the kept ones",
        Min = 0,
        Max = 1,
        HashedAtDefault = false,
    };

    /// <summary>--inputs.</summary>
    public static readonly Setting Inputs = new("--inputs", "choice", "images")
    {
        Help = "natural data: images, or random (N(0, 1) noise)",
        Description = "Natural data: the images, or random (N(0, 1) noise of the same shape)",
        Choices = ["images", "random"],
        HashedAtDefault = false,
    };
}
