using System.CommandLine;
using OverParam.Cli;
using OverParam.Reproductions;

namespace OverParam.Tests.Cli;

/// <summary>
/// The reproductions are values registered once (<see cref="ReproductionRegistry"/>): <c>overparam reproduce</c> has one
/// subcommand per registration with its options, and a report finds each registered sweep by its exact name, quick or full.
/// </summary>
public class ReproduceCommandTests
{
    private static Command Reproduce() =>
        App.Build(new CliContext(TextWriter.Null, TextWriter.Null, false, CommonOptions.Backend(), CommonOptions.Threads()))
            .Subcommands.Single(c => c.Name == "reproduce");

    [Fact]
    public void Every_registered_reproduction_is_a_reproduce_subcommand_with_its_options()
    {
        var commands = Reproduce().Subcommands;
        Assert.Equal(ReproductionRegistry.All.Select(r => r.Name), commands.Select(c => c.Name));
        foreach (var r in ReproductionRegistry.All)
        {
            var command = commands.Single(c => c.Name == r.Name);
            Assert.Equal(r.Description, command.Description);
            string[] shared = r.Seeds == null ? ["--quick", "--out", "--jobs"] : ["--quick", "--seeds", "--out", "--jobs"];
            Assert.Equal([.. shared, .. r.Options.Select(o => o.Name)], command.Options.Select(o => o.Name));
        }
    }

    [Fact]
    public void Every_registered_sweep_is_found_by_its_quick_and_full_names()
    {
        foreach (var r in ReproductionRegistry.All)
            foreach (var part in r.Parts)
                foreach (bool quick in new[] { false, true })
                {
                    var found = ReproductionRegistry.Find(part.SweepName(quick));
                    Assert.NotNull(found);
                    Assert.Same(part, found.Part);
                    Assert.Equal(quick, found.Quick);
                    Assert.Equal(quick, found.Name.EndsWith(Reproduction.QuickSuffix, StringComparison.Ordinal));
                }
        var names = ReproductionRegistry.All.SelectMany(r => r.SweepNames).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(14, names.Count); // the 14 entries the hand-written catalog listed
    }

    [Fact]
    public void The_sweeps_the_forms_write_are_the_registered_ones()
    {
        var options = new Dictionary<string, string?> { ["--data"] = null, ["--classes"] = Arora2019NaturalReproduction.DefaultClasses };
        var natural = new Dictionary<string, string?>(options) { ["--data"] = "fashion-mnist" };
        foreach (bool quick in new[] { false, true })
        {
            var k = new KawaguchiOptions("fashion-mnist", Kawaguchi2019Reproduction.DefaultClasses, quick, 1);
            var names = new[]
            {
                ((SweepForm)ReproductionRegistry.Du2019.Form(new(quick, 0, new Dictionary<string, string?>()))).Spec.Name,
                ((SweepForm)ReproductionRegistry.Du2019Deep.Form(new(quick, 0, new Dictionary<string, string?>()))).Spec.Name,
                ((SweepForm)ReproductionRegistry.Arora2019.Form(new(quick, 2, options))).Spec.Name,
                ((SweepForm)ReproductionRegistry.Arora2019.Form(new(quick, 2, natural))).Spec.Name,
                Kawaguchi2019Reproduction.FitSpec(k).Name, Kawaguchi2019Reproduction.TenSpec(k).Name, Kawaguchi2019Reproduction.GridSpec(k).Name,
            };
            foreach (var name in names) Assert.Equal(name, ReproductionRegistry.Find(name)?.Name);
        }
    }

    [Fact]
    public void The_default_folder_is_out_and_the_forms_name()
    {
        var none = new Dictionary<string, string?>();
        Assert.Equal("out/du2019-quick", ReproductionRegistry.Du2019.Form(new(true, 0, none)).DefaultOut);
        Assert.Equal("out/jentzen2021", ReproductionRegistry.Jentzen2021.Form(new(false, 0, none)).DefaultOut);
        var natural = new Dictionary<string, string?> { ["--data"] = "fashion-mnist", ["--classes"] = "0,1" };
        Assert.Equal("out/arora2019-natural-quick", ReproductionRegistry.Arora2019.Form(new(true, 2, natural)).DefaultOut);
    }

    [Fact]
    public void A_users_sweep_or_a_part_without_claims_is_not_found()
    {
        Assert.Null(ReproductionRegistry.Find("du2019-mine"));
        Assert.Null(ReproductionRegistry.Find("du2019-quick-quick"));
        Assert.Null(ReproductionRegistry.Find("jentzen2021-line-quick"));
        Assert.Null(ReproductionRegistry.Find(""));
    }

    [Fact]
    public void A_quick_title_says_quick_and_the_natural_arora_keeps_its_own()
    {
        Assert.Equal("Du et al. (ICLR 2019), Figure 1, reproduced (quick)", ReproductionRegistry.Find("du2019-quick")!.Title);
        Assert.Equal("Arora et al. (ICML 2019) on natural images (quick)", ReproductionRegistry.Find("arora2019-natural-quick")!.Title);
        Assert.Equal("Kawaguchi & Huang (2019), part 1b: natural vs random data, ten classes, output layer alone (quick)",
            ReproductionRegistry.Find("kawaguchi2019-fit10-quick")!.Title);
    }
}
