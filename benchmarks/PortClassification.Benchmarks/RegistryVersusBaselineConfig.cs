using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace PortClassification.Benchmarks;

/// <summary>
/// Two builds of the same benchmark in one run: against this tree's library, and (the baseline) against the
/// older library that <c>benchmarks/baseline/build-baseline.sh</c> put in <c>benchmarks/baseline/bin</c>.
/// </summary>
/// <remarks>
/// The MSBuild property <c>RegistryBaseline</c> swaps the project reference for that assembly (see the
/// .csproj), so both jobs run the same source and the Ratio column compares the libraries, nothing else.
/// The two builds share this project's obj folder, so they are built one after the other.
/// </remarks>
public class RegistryVersusBaselineConfig : ManualConfig
{
    /// <summary>Gets the job id of the older library.</summary>
    public const string BaselineId = "before-atlas";

    /// <summary>Gets the job id of this tree's library.</summary>
    public const string CurrentId = "current";

    public RegistryVersusBaselineConfig()
        : this(Job.Default)
    {
    }

    protected RegistryVersusBaselineConfig(Job template)
    {
        AddJob(template.WithArguments([new MsBuildArgument("/p:RegistryBaseline=true")]).WithId(BaselineId).AsBaseline());
        AddJob(template.WithArguments([new MsBuildArgument("/p:RegistryBaseline=false")]).WithId(CurrentId));
        AddColumn(StatisticColumn.Median); // the cold-start samples are skewed by a shared machine's load spikes
        WithOption(ConfigOptions.DisableParallelBuild, true);
        WithBuildTimeout(TimeSpan.FromMinutes(10)); // two builds one after the other on a busy machine outlast the 2-minute default
    }
}

/// <summary>
/// <see cref="RegistryVersusBaselineConfig"/> for a one-time cost: every measurement is the first call in a
/// fresh process (cold start, one invocation, no warm-up), repeated over many processes.
/// </summary>
public sealed class RegistryVersusBaselineColdStartConfig : RegistryVersusBaselineConfig
{
    /// <summary>Gets the number of fresh processes per library.</summary>
    public const int Processes = 50;

    public RegistryVersusBaselineColdStartConfig()
        : base(Job.Default.WithStrategy(RunStrategy.ColdStart).WithLaunchCount(Processes).WithWarmupCount(0).WithIterationCount(1).WithInvocationCount(1).WithUnrollFactor(1))
    {
    }
}
